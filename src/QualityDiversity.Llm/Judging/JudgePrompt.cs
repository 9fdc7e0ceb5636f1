namespace QualityDiversity.Llm.Judging;

/// <summary>
/// The judging prompt layout: an instruction block, an input block with the text, and a
/// response block the model completes.
/// </summary>
public static class JudgePrompt
{
    /// <summary>Renders the three blocks, ending with a line break after "### Response:".</summary>
    public static string Render(string instruction, string input) => Render(instruction, input, JudgeStyle.Chat);

    /// <summary>
    /// Renders the three blocks in <paramref name="style"/>: the reference layout ends at
    /// "### Response:" itself, since its answer strings start with " \n".
    /// </summary>
    public static string Render(string instruction, string input, JudgeStyle style) =>
        $"### Instruction:\n{instruction.Trim()}\n\n### Input:\n{input.Trim()}\n\n### Response:{(style == JudgeStyle.Chat ? "\n" : "")}";

    /// <summary>The string an option is answered with in <paramref name="style"/> (" \npositive" in the reference layout).</summary>
    public static string AnswerString(string option, JudgeStyle style) => style == JudgeStyle.Reference ? " \n" + option : option;
}

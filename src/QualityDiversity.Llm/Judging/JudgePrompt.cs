namespace QualityDiversity.Llm.Judging;

/// <summary>
/// The judging prompt layout: an instruction block, an input block with the text, and a
/// response block the model completes.
/// </summary>
public static class JudgePrompt
{
    /// <summary>Renders the three blocks.</summary>
    public static string Render(string instruction, string input) =>
        $"### Instruction:\n{instruction.Trim()}\n\n### Input:\n{input.Trim()}\n\n### Response:\n";
}

using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>How a judge that answers in JSON (ratings, labels) asks.</summary>
public sealed record JsonJudgeOptions
{
    /// <summary>
    /// Prompt layout: <see cref="JudgeStyle.Chat"/> puts the text in the three-block judging
    /// prompt; <see cref="JudgeStyle.Reference"/> writes the text first and the question after it,
    /// as QDAIF's poetry reference does.
    /// </summary>
    public JudgeStyle Style { get; init; } = JudgeStyle.Chat;

    /// <summary>The route questions go to.</summary>
    public LlmApi Api { get; init; } = LlmApi.Chat;

    /// <summary>Sampling temperature (0: deterministic; QDAIF's poetry reference judges at its generation temperature, 1.1).</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling mass; null sends none.</summary>
    public double? TopP { get; init; }

    /// <summary>Answer length limit.</summary>
    public int MaxTokens { get; init; } = 20;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Temperature >= 0 && Temperature <= 2)) throw new ArgumentException($"temperature must be in [0, 2], got {Temperature}.");
        if (TopP is { } p && !(p > 0 && p <= 1)) throw new ArgumentException($"top_p must be in (0, 1], got {p}.");
        if (MaxTokens < 1) throw new ArgumentException($"max_tokens must be at least 1, got {MaxTokens}.");
    }

    /// <summary>The prompt for <paramref name="instruction"/> about <paramref name="text"/> in this style.</summary>
    internal string Prompt(string instruction, string text) => Style == JudgeStyle.Reference
        ? $"{text.Trim()}\n{instruction.Trim()}\n"
        : JudgePrompt.Render(instruction, text);
}

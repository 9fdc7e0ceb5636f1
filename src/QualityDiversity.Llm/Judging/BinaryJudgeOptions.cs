using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>How a <see cref="BinaryQuestionJudge"/> asks and reads.</summary>
public sealed record BinaryJudgeOptions
{
    /// <summary>Which reading paths are allowed.</summary>
    public JudgeMode Mode { get; init; } = JudgeMode.Auto;

    /// <summary>Alternatives per token requested for the first-token path (1–20).</summary>
    public int TopLogprobs { get; init; } = 5;

    /// <summary>
    /// The route questions go to: chat (a user message), or completions (the raw prompt, for
    /// base models), which also allows scoring whole options.
    /// </summary>
    public LlmApi Api { get; init; } = LlmApi.Chat;

    /// <summary>Prompt layout and answer strings.</summary>
    public JudgeStyle Style { get; init; } = JudgeStyle.Chat;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (TopLogprobs is < 1 or > 20) throw new ArgumentException($"top_logprobs must be in [1, 20], got {TopLogprobs}.");
        if (Mode == JudgeMode.OptionLogprobs && Api != LlmApi.Completions)
            throw new ArgumentException("Scoring whole options needs the completions route; use Api = Completions or another judge mode.");
    }
}

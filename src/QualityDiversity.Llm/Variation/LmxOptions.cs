using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Variation;

/// <summary>How an <see cref="LmxVariation"/> prompts, calls and cleans.</summary>
public sealed record LmxOptions
{
    /// <summary>Prompt layout and completion cleaning.</summary>
    public LmxStyle Style { get; init; } = LmxStyle.Chat;

    /// <summary>
    /// The route: chat (the prompt as a user message after a system instruction that asks for one
    /// more example) or completions (the raw prompt, no chat template: base models).
    /// </summary>
    public LlmApi Api { get; init; } = LlmApi.Chat;

    /// <summary>Stop sequences sent with the request; the reference style also cuts at them itself.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [LmxVariation.Separator];

    /// <summary>
    /// Extra attempts when the cleaned completion is empty (each a fresh sample); 0 fails the step
    /// at once. QDAIF's reference keeps asking during initialisation until a text is not empty.
    /// </summary>
    public int EmptyRetries { get; init; }

    /// <summary>The options of QDAIF's reference: its layout, its 17 stop sequences, on <paramref name="api"/>.</summary>
    public static LmxOptions Reference(LlmApi api, int emptyRetries = 0) => new()
    {
        Style = LmxStyle.Reference,
        Api = api,
        Stop = LmxVariation.ReferenceStops,
        EmptyRetries = emptyRetries,
    };

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Stop is null || Stop.Any(string.IsNullOrEmpty)) throw new ArgumentException("Stop sequences must not be empty.");
        if (EmptyRetries < 0) throw new ArgumentException($"empty_retries must be non-negative, got {EmptyRetries}.");
    }
}

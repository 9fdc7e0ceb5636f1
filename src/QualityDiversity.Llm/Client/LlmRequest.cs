namespace QualityDiversity.Llm.Client;

/// <summary>One chat-completion request, described completely enough to be a cache key.</summary>
public sealed record LlmRequest
{
    /// <summary>The conversation.</summary>
    public required IReadOnlyList<ChatTurn> Messages { get; init; }

    /// <summary>Sampling temperature; null uses the client's default.</summary>
    public double? Temperature { get; init; }

    /// <summary>Completion token limit; null uses the client's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Whether to ask for token log-probabilities.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per token when <see cref="Logprobs"/> is set.</summary>
    public int TopLogprobs { get; init; } = 5;

    /// <summary>Stop sequences (at most 4 are sent).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>
    /// Identity of a sampled call within a run (e.g. seed and step). Part of the cache key, so
    /// identical prompts at different steps draw fresh samples, while a resumed or repeated run
    /// gets its earlier answers back. Null for deterministic questions (judging at temperature
    /// 0), which are then shared across the run.
    /// </summary>
    public string? CallTag { get; init; }

    /// <summary>Seed forwarded to endpoints that support reproducible sampling; null sends none.</summary>
    public long? Seed { get; init; }

    /// <summary>What the call is for ("variation", "quality", "measure", "similarity"…), for usage accounting.</summary>
    public string Purpose { get; init; } = "chat";
}

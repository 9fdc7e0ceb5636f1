namespace QualityDiversity.Llm.Client;

/// <summary>
/// One request, described completely enough to be a cache key: a conversation for the chat
/// route, or a raw prompt for the completions route (<see cref="Prompt"/>), which either
/// continues the prompt or, with <see cref="Continuation"/>, scores a given continuation.
/// </summary>
public sealed record LlmRequest
{
    /// <summary>The conversation (chat route); empty when <see cref="Prompt"/> is set.</summary>
    public IReadOnlyList<ChatTurn> Messages { get; init; } = [];

    /// <summary>A raw prompt for the completions route (no chat template); null for a chat request.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// Completions route only: a continuation of <see cref="Prompt"/> whose log-probability is
    /// wanted. The prompt and the continuation are sent together with <c>echo</c>, so the
    /// server returns the log-probability of every prompt token; nothing new is asked for
    /// beyond <see cref="LlmOptions.EchoMaxTokens"/>. The answer carries
    /// <see cref="LlmAnswer.ContinuationLogprob"/>.
    /// </summary>
    public string? Continuation { get; init; }

    /// <summary>The route the request takes: completions when <see cref="Prompt"/> is set, chat otherwise.</summary>
    public LlmApi Api => Prompt is null ? LlmApi.Chat : LlmApi.Completions;

    /// <summary>Nucleus sampling mass; null sends none (the server's default, usually 1).</summary>
    public double? TopP { get; init; }

    /// <summary>Sampling temperature; null uses the client's default.</summary>
    public double? Temperature { get; init; }

    /// <summary>Completion token limit; null uses the client's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Whether to ask for token log-probabilities.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per token when <see cref="Logprobs"/> is set.</summary>
    public int TopLogprobs { get; init; } = 5;

    /// <summary>
    /// Stop sequences. The chat route sends at most 4 (OpenAI's limit); the completions route
    /// sends them all, except to OpenAI and Azure OpenAI hosts, which take at most 4.
    /// </summary>
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

    /// <summary>Checks that the request is one of the three shapes (chat, completion, scored continuation).</summary>
    /// <exception cref="ArgumentException">The shape is inconsistent; the message names the field.</exception>
    public void Validate()
    {
        if (Prompt is null)
        {
            if (Messages.Count == 0) throw new ArgumentException("A request needs at least one message (chat) or a prompt (completions).");
            if (Continuation is not null) throw new ArgumentException("A continuation can only be scored after a raw prompt (completions route); set Prompt.");
        }
        else if (Messages.Count > 0)
        {
            throw new ArgumentException("A request has either messages (chat) or a prompt (completions), not both.");
        }
        if (Continuation is { Length: 0 }) throw new ArgumentException("A scored continuation must not be empty.");
        if (TopP is { } p && !(p > 0 && p <= 1)) throw new ArgumentException($"top_p must be in (0, 1], got {p}.");
    }
}

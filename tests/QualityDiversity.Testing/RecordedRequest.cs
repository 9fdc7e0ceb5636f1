namespace QualityDiversity.Testing;

/// <summary>One HTTP request the <see cref="LoopbackChatServer"/> received, recorded on arrival.</summary>
public sealed class RecordedRequest
{
    /// <summary>0-based arrival order.</summary>
    public required int Sequence { get; init; }

    /// <summary>When the request (head and body) had arrived.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path without the query, e.g. <c>/v1/chat/completions</c>.</summary>
    public required string Path { get; init; }

    /// <summary>All request headers (names case-insensitive).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The raw body.</summary>
    public required string Body { get; init; }

    /// <summary>The parsed chat request; null when the path is not <c>…/chat/completions</c> or the body is not a JSON object.</summary>
    public ChatRequest? Chat { get; init; }

    /// <summary>The parsed completions request; null when the path is not <c>…/completions</c> (outside chat) or the body is not a JSON object.</summary>
    public CompletionRequest? Completion { get; init; }

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary><c>model</c> of the chat request.</summary>
    public string? Model => Chat?.Model;

    /// <summary><c>messages</c> of the chat request.</summary>
    public IReadOnlyList<ChatRequestMessage> Messages => Chat?.Messages ?? [];

    /// <summary><c>temperature</c> of the chat request.</summary>
    public double? Temperature => Chat?.Temperature;

    /// <summary><c>max_completion_tokens</c> or <c>max_tokens</c> of the chat request.</summary>
    public int? MaxTokens => Chat?.MaxTokens;

    /// <summary><c>logprobs</c> of the chat request.</summary>
    public bool? Logprobs => Chat?.Logprobs;

    /// <summary><c>top_logprobs</c> of the chat request.</summary>
    public int? TopLogprobs => Chat?.TopLogprobs;

    /// <summary><c>seed</c> of the chat request.</summary>
    public long? Seed => Chat?.Seed;
}

namespace QualityDiversity.Testing;

/// <summary>
/// What the <see cref="LoopbackChatServer"/> sends for one request: a completion, an error status,
/// a malformed body or nothing at all, optionally after a delay. Build one with the static methods
/// and adjust it with the <c>With…</c> methods or a <c>with</c> expression.
/// </summary>
public sealed record ChatReply
{
    private ChatReply(ChatReplyKind kind) => Kind = kind;

    /// <summary>What is sent.</summary>
    public ChatReplyKind Kind { get; }

    /// <summary>The assistant message text (<see cref="ChatReplyKind.Completion"/>); null sends <c>"content": null</c>.</summary>
    public string? Content { get; init; }

    /// <summary>The message's <c>refusal</c> text; null (the usual) sends <c>"refusal": null</c>.</summary>
    public string? Refusal { get; init; }

    /// <summary>The choice's <c>finish_reason</c> (stop, length, content_filter, …).</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary><c>usage.prompt_tokens</c>; when null, about one token per four characters of the request's messages.</summary>
    public int? PromptTokens { get; init; }

    /// <summary><c>usage.completion_tokens</c>; when null, the number of <see cref="Logprobs"/> tokens or about one per four characters of content.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>The choice's <c>logprobs.content</c>; null sends <c>"logprobs": null</c>.</summary>
    public IReadOnlyList<ReplyToken>? Logprobs { get; init; }

    /// <summary>
    /// Completions route with <c>echo</c>: the prompt's tokens with their log-probabilities, which
    /// must concatenate to the prompt (the first one's log-probability is sent as null, as servers
    /// do). Null sends the echoed prompt without log-probabilities.
    /// </summary>
    public IReadOnlyList<ReplyToken>? EchoTokens { get; init; }

    /// <summary>The <c>model</c> named in the answer; null repeats the requested model.</summary>
    public string? Model { get; init; }

    /// <summary>The HTTP status (<see cref="ChatReplyKind.Status"/>; 200 otherwise).</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The raw body for <see cref="ChatReplyKind.Status"/> and <see cref="ChatReplyKind.Malformed"/>; null gives an OpenAI-style error object for a status.</summary>
    public string? Body { get; init; }

    /// <summary>Sent as a <c>Retry-After</c> header in whole seconds (rounded up).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Wait before answering; null uses <see cref="LoopbackOptions.DefaultLatency"/>.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>A normal completion with <paramref name="content"/>.</summary>
    public static ChatReply Text(string? content, string finishReason = "stop", int? promptTokens = null, int? completionTokens = null) =>
        new(ChatReplyKind.Completion) { Content = content, FinishReason = finishReason, PromptTokens = promptTokens, CompletionTokens = completionTokens };

    /// <summary>A completion whose message carries a refusal and no content (finish reason <c>stop</c>, as OpenAI sends it).</summary>
    public static ChatReply Refused(string refusal) => new(ChatReplyKind.Completion) { Content = null, Refusal = refusal };

    /// <summary>An error status (429, 500, …) with <paramref name="body"/> (default: an OpenAI-style error object) and an optional <c>Retry-After</c>.</summary>
    public static ChatReply Status(int code, string? body = null, TimeSpan? retryAfter = null)
    {
        if (code is < 100 or > 999) throw new ArgumentOutOfRangeException(nameof(code), code, "Not an HTTP status code.");
        return new(ChatReplyKind.Status) { StatusCode = code, Body = body, RetryAfter = retryAfter };
    }

    /// <summary>429 Too Many Requests, optionally with <c>Retry-After</c>.</summary>
    public static ChatReply TooManyRequests(TimeSpan? retryAfter = null) => Status(429, null, retryAfter);

    /// <summary>500 Internal Server Error.</summary>
    public static ChatReply ServerError(string? body = null) => Status(500, body);

    /// <summary>A 200 whose body is <paramref name="rawBody"/> as is (sent as <c>application/json</c>).</summary>
    public static ChatReply Malformed(string rawBody)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        return new(ChatReplyKind.Malformed) { Body = rawBody };
    }

    /// <summary>Never answers: the request is held until the client cancels (closes the connection) or the server stops.</summary>
    public static ChatReply Hang() => new(ChatReplyKind.Hang);

    /// <summary>The same reply sent after <paramref name="delay"/>.</summary>
    public ChatReply WithDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay cannot be negative.");
        return this with { Delay = delay };
    }

    /// <summary>The same reply with these token log probabilities.</summary>
    public ChatReply WithLogprobs(params ReplyToken[] tokens) => this with { Logprobs = tokens };

    /// <summary>The same reply with these token log probabilities.</summary>
    public ChatReply WithLogprobs(IEnumerable<ReplyToken> tokens) => this with { Logprobs = tokens.ToArray() };

    /// <summary>The same reply with these echoed prompt tokens (completions route).</summary>
    public ChatReply WithEcho(IEnumerable<ReplyToken> tokens) => this with { EchoTokens = tokens.ToArray() };

    /// <summary>The same reply with this token usage.</summary>
    public ChatReply WithUsage(int promptTokens, int completionTokens) => this with { PromptTokens = promptTokens, CompletionTokens = completionTokens };
}

namespace QualityDiversity.Llm.Client;

/// <summary>
/// How to reach one OpenAI-compatible endpoint (OpenAI, Azure OpenAI's compatible route,
/// Ollama, vLLM, llama.cpp server, LM Studio) and how to call it, on its chat route and its
/// completions route.
/// </summary>
public sealed record LlmOptions
{
    /// <summary>Base URL of the API, e.g. <c>http://localhost:11434/v1/</c> for Ollama.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Model id sent with every request.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// Name of the environment variable holding the API key; null or unset means no key (local
    /// servers). The key itself never appears in configuration files.
    /// </summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Sampling temperature used when a request does not set its own.</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>Completion token limit used when a request does not set its own.</summary>
    public int MaxTokens { get; init; } = 100;

    /// <summary>Requests in flight at once against this endpoint.</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Time allowed for one attempt (one HTTP exchange).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 408, 429, 5xx, timeouts and connection errors.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First back-off delay; doubled per retry (with jitter) unless the server sends Retry-After.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest wait between attempts, including a server's Retry-After.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether judges ask for token log-probabilities (falls back to verbal answers when the endpoint returns none).</summary>
    public bool Logprobs { get; init; } = true;

    /// <summary>
    /// Alternatives per token requested with log-probabilities when a judge reads the first
    /// answer token: as many as the endpoint allows, since an option missing from the list
    /// reads as probability 0 (OpenAI allows 20, its legacy completions route 5).
    /// </summary>
    public int TopLogprobs { get; init; } = 20;

    /// <summary>
    /// <c>max_tokens</c> sent when a continuation is scored with <c>echo</c>: 0 asks for the
    /// prompt's log-probabilities only (OpenAI's legacy completion models, vLLM); 1 suits servers
    /// that refuse 0 (the one generated token is ignored).
    /// </summary>
    public int EchoMaxTokens { get; init; }

    /// <summary>Which field carries the completion limit (local servers read only <c>max_tokens</c>).</summary>
    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.Auto;

    /// <summary>Price of a million prompt tokens, for cost accounting (0: not tracked).</summary>
    public double PromptPricePerMillion { get; init; }

    /// <summary>Price of a million completion tokens, for cost accounting (0: not tracked).</summary>
    public double CompletionPricePerMillion { get; init; }

    /// <summary>What <paramref name="usage"/> cost at this endpoint's prices.</summary>
    public double CostOf(LlmUsageSnapshot usage) =>
        (usage.PromptTokens * PromptPricePerMillion + usage.CompletionTokens * CompletionPricePerMillion) / 1e6;

    /// <summary>The API key read from <see cref="ApiKeyVariable"/>, or null.</summary>
    public string? ResolveApiKey() =>
        string.IsNullOrEmpty(ApiKeyVariable) ? null : Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"endpoint must be an absolute http(s) URL, got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("model must name the model to call.");
        if (!(Temperature >= 0 && Temperature <= 2)) throw new ArgumentException($"temperature must be in [0, 2], got {Temperature}.");
        if (MaxTokens < 1) throw new ArgumentException($"max_tokens must be at least 1, got {MaxTokens}.");
        if (MaxConcurrency < 1) throw new ArgumentException($"max_concurrency must be at least 1, got {MaxConcurrency}.");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException($"timeout must be positive, got {Timeout}.");
        if (MaxRetries < 0) throw new ArgumentException($"max_retries must be non-negative, got {MaxRetries}.");
        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff) throw new ArgumentException($"backoff must satisfy 0 <= initial ({InitialBackoff}) <= max ({MaxBackoff}).");
        if (!(PromptPricePerMillion >= 0) || !(CompletionPricePerMillion >= 0))
            throw new ArgumentException($"prompt_price_per_million and completion_price_per_million must be non-negative, got {PromptPricePerMillion} and {CompletionPricePerMillion}.");
        if (TopLogprobs < 1 || TopLogprobs > 20) throw new ArgumentException($"top_logprobs must be in [1, 20], got {TopLogprobs}.");
        if (EchoMaxTokens is < 0 or > 1) throw new ArgumentException($"echo_max_tokens must be 0 or 1, got {EchoMaxTokens}.");
    }
}

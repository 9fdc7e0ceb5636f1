namespace QualityDiversity.Llm.Client;

/// <summary>Thread-safe counters of a client's calls and tokens, reported in run metrics.</summary>
public sealed class LlmUsage
{
    private long _calls, _cacheHits, _retries, _failures, _promptTokens, _completionTokens;

    /// <summary>Requests answered by the endpoint (paid calls, excluding retries).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Requests answered from the cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Extra attempts after 429, 5xx, timeouts or connection errors.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Requests that failed after every retry (or with a non-retryable error).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Prompt tokens billed by the endpoint.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Completion tokens billed by the endpoint.</summary>
    public long CompletionTokens => Interlocked.Read(ref _completionTokens);

    internal void AddCall(long promptTokens, long completionTokens)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _completionTokens, completionTokens);
    }

    internal void AddCacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddFailure() => Interlocked.Increment(ref _failures);

    /// <summary>A copy of the current counts.</summary>
    public LlmUsageSnapshot Snapshot() => new(Calls, CacheHits, Retries, Failures, PromptTokens, CompletionTokens);
}

/// <summary>Counts of <see cref="LlmUsage"/> at one moment.</summary>
public readonly record struct LlmUsageSnapshot(long Calls, long CacheHits, long Retries, long Failures, long PromptTokens, long CompletionTokens);

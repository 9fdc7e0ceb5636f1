using System.Collections.Concurrent;
using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Caching;

/// <summary>
/// Answers from an <see cref="LlmAnswerCache"/> when it can and asks the inner client
/// otherwise, storing every successful answer. Identical requests in flight at the same time
/// share one call. A resumed or repeated run therefore pays nothing twice.
/// </summary>
public sealed class CachingLlmClient : ILlmClient
{
    private readonly ILlmClient _inner;
    private readonly LlmAnswerCache _cache;
    private readonly double _defaultTemperature;
    private readonly int _defaultMaxTokens;
    private readonly ConcurrentDictionary<string, Lazy<Task<LlmResult>>> _inFlight = new();

    /// <summary>Wraps <paramref name="inner"/>; defaults resolve unset request parameters for the key.</summary>
    public CachingLlmClient(ILlmClient inner, LlmAnswerCache cache, double defaultTemperature, int defaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        _inner = inner;
        _cache = cache;
        _defaultTemperature = defaultTemperature;
        _defaultMaxTokens = defaultMaxTokens;
    }

    /// <inheritdoc />
    public string Model => _inner.Model;

    /// <inheritdoc />
    public LlmUsage Usage => _inner.Usage;

    /// <summary>The cache.</summary>
    public LlmAnswerCache Cache => _cache;

    /// <inheritdoc />
    public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string key = LlmCacheKey.Of(Model, request, request.Temperature ?? _defaultTemperature, request.MaxTokens ?? _defaultMaxTokens);
        if (_cache.TryGet(key, out var cached)) return FromCache(key, cached);

        while (true)
        {
            var call = _inFlight.GetOrAdd(key, _ => new Lazy<Task<LlmResult>>(() => CallAndStoreAsync(key, request, cancellationToken)));
            try
            {
                return await call.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The shared call was started by a caller that has since been cancelled; this
                // caller was not, so it asks again (the next loop starts a fresh call).
            }
            finally
            {
                // A finished call leaves the table: its answer is in the cache, and a failure is tried afresh next time.
                if (call.IsValueCreated && call.Value.IsCompleted) _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<LlmResult>>>(key, call));
            }
            if (_cache.TryGet(key, out cached)) return FromCache(key, cached);
        }
    }

    // An answer a killed process paid for but never counted is counted as the call it was, once;
    // any other answer from the cache is a hit.
    private LlmResult FromCache(string key, LlmAnswer cached)
    {
        if (_cache.TakeUncounted(key, out long prompt, out long completion)) Usage.AddCall(prompt, completion);
        else Usage.AddCacheHit();
        return LlmResult.Success(cached with { FromCache = true });
    }

    /// <summary>
    /// Counts in <see cref="Usage"/> the calls of this client's model whose answers an earlier
    /// process paid for and <see cref="LlmAnswerCache.Withdraw">withdrew</see> without counting
    /// them, since no request will ever take them from the cache.
    /// </summary>
    public void CountWithdrawnCalls()
    {
        foreach (var (prompt, completion) in _cache.TakeUncountedWithdrawn(Model)) Usage.AddCall(prompt, completion);
    }

    private async Task<LlmResult> CallAndStoreAsync(string key, LlmRequest request, CancellationToken cancellationToken)
    {
        var result = await _inner.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) _cache.Put(key, Model, request.Purpose, result.Answer!);
        // Paid for but unusable: kept as a withdrawn answer, so the call is counted after a resume and asked again.
        else if (result.Unusable is { } paid) _cache.PutWithdrawn(key, Model, request.Purpose, paid);
        return result;
    }
}

using System.Threading.RateLimiting;

namespace QualityDiversity.Web.Raters;

/// <summary>One token bucket per rater name for the answers they send; a rater over the limit is told to retry later (429).</summary>
internal sealed class AnswerRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter.</summary>
    public AnswerRateLimiter(AnswerRateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        limit.Validate();
        var (answers, period) = limit.Refill;
        _limiter = PartitionedRateLimiter.Create<string, string>(rater => RateLimitPartition.GetTokenBucketLimiter(rater, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = answers,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }

    /// <summary>Takes one answer from <paramref name="rater"/>'s bucket: whether they may answer now, and if not, when to try again.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(string rater)
    {
        using var lease = _limiter.AttemptAcquire(rater);
        if (lease.IsAcquired) return (true, TimeSpan.Zero);
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1));
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}

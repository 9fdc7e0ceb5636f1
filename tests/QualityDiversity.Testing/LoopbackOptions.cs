namespace QualityDiversity.Testing;

/// <summary>Settings of a <see cref="LoopbackChatServer"/>.</summary>
public sealed class LoopbackOptions
{
    /// <summary>Largest request line, and largest block of request headers, in bytes.</summary>
    internal const int MaxHeadBytes = 64 * 1024;

    /// <summary>The server stops by itself this long after it started, even if nobody disposes it.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Wait before every answer whose <see cref="ChatReply.Delay"/> is not set (zero: answer at once).
    /// The wait ends early when the client disconnects or the server stops.
    /// </summary>
    public TimeSpan DefaultLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Largest request body accepted, in bytes; larger requests get a 413.</summary>
    public int MaxRequestBodyBytes { get; init; } = 64 * 1024 * 1024;

    internal void Validate()
    {
        if (MaxLifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxLifetime), MaxLifetime, "The lifetime must be positive.");
        if (DefaultLatency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DefaultLatency), DefaultLatency, "The latency cannot be negative.");
        if (MaxRequestBodyBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "The body limit must be positive.");
    }
}

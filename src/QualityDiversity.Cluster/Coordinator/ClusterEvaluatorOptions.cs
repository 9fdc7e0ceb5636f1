namespace QualityDiversity.Cluster.Coordinator;

/// <summary>How a <see cref="ClusterEvaluator"/> splits batches and deals with dead or slow workers.</summary>
public sealed record ClusterEvaluatorOptions
{
    /// <summary>Candidates per chunk; 0 (the default) sizes chunks so that every lane gets about two per batch.</summary>
    public int ChunkSize { get; init; }

    /// <summary>Chunks each worker evaluates at the same time (its lanes); 2 by default.</summary>
    public int LanesPerWorker { get; init; } = 2;

    /// <summary>A chunk whose worker has not answered within this time is sent to another worker; 60 s by default.</summary>
    public TimeSpan ChunkTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Once every chunk of a batch is handed out, a chunk in flight for longer than this many times
    /// the median chunk time is sent to an idle lane as well, and the first answer is kept; 3 by default.
    /// </summary>
    public double StragglerFactor { get; init; } = 3;

    /// <summary>
    /// The shortest time a chunk is in flight before it counts as a straggler, whatever the median;
    /// 50 ms by default, so that the jitter of sub-millisecond chunks does not copy them.
    /// </summary>
    public TimeSpan MinStragglerTime { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Pause before a lane whose call failed tries again; 0.5 s by default.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// With no answer from any worker for this long, the batch fails with
    /// <see cref="ClusterUnavailableException"/> (a run then stops at its last checkpoint and
    /// resumes later); null (the default) waits for workers as long as it takes.
    /// </summary>
    public TimeSpan? WorkerWait { get; init; }

    /// <summary>
    /// Signalled to stop waiting: while no worker answers, the batch then fails with
    /// <see cref="ClusterUnavailableException"/> at once. A batch whose workers answer is never cut short.
    /// </summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Receives notes on the cluster's state (no worker answering, workers back).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Checks every setting; the message names the field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (ChunkSize < 0) throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "chunk_size must be 0 (automatic) or positive.");
        if (LanesPerWorker < 1) throw new ArgumentOutOfRangeException(nameof(LanesPerWorker), LanesPerWorker, "lanes_per_worker must be at least 1.");
        if (ChunkTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ChunkTimeout), ChunkTimeout, "chunk_timeout must be positive.");
        if (!(StragglerFactor >= 1) || double.IsInfinity(StragglerFactor))
            throw new ArgumentOutOfRangeException(nameof(StragglerFactor), StragglerFactor, "straggler_factor must be a finite number of at least 1.");
        if (MinStragglerTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinStragglerTime), MinStragglerTime, "min_straggler_time must not be negative.");
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "retry_delay must not be negative.");
        if (WorkerWait is { } wait && wait <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WorkerWait), wait, "worker_wait must be positive.");
    }
}

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// The <c>evaluation.cluster</c> section: evaluate the search's batches on the worker silos of an
/// Orleans cluster (started with <c>qd worker</c>) instead of in the running process. The archive,
/// scheduler and checkpoints stay with the run; the results are the same as a local run's.
/// </summary>
public sealed record ClusterEvaluationConfig
{
    /// <summary>The cluster id the workers were started with.</summary>
    public string ClusterId { get; init; } = "qd";

    /// <summary>Gateway endpoints (<c>host:port</c>) of workers; any one that answers is enough.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = ["127.0.0.1:30000"];

    /// <summary>Candidates per chunk; 0 sizes chunks automatically.</summary>
    public int ChunkSize { get; init; }

    /// <summary>Chunks each worker evaluates at the same time.</summary>
    public int LanesPerWorker { get; init; } = 2;

    /// <summary>Seconds after which an unanswered chunk is sent to another worker.</summary>
    public double ChunkTimeoutSeconds { get; init; } = 60;

    /// <summary>A chunk in flight this many times longer than the median chunk is copied to an idle worker.</summary>
    public double StragglerFactor { get; init; } = 3;

    /// <summary>Seconds without any worker after which the run stops (resumably); null waits as long as it takes.</summary>
    public double? WorkerWaitSeconds { get; init; }
}

namespace QualityDiversity.Experiments.Configuration;

/// <summary>A whole search: what to solve, with which archive and emitters, for how long.</summary>
public sealed record SearchConfig : ExperimentConfig
{
    /// <summary>Default number of iterations.</summary>
    public const int DefaultIterations = 1000;

    /// <summary>Default checkpoint interval in iterations.</summary>
    public const int DefaultCheckpointEvery = 100;

    /// <summary>Number of ask-evaluate-tell iterations.</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>Checkpoint interval in iterations; 0 writes a checkpoint only at the end.</summary>
    public int CheckpointEvery { get; init; } = DefaultCheckpointEvery;

    /// <summary>Metrics row interval in iterations (the last iteration is always logged).</summary>
    public int MetricsEvery { get; init; } = 1;

    /// <summary>The benchmark task.</summary>
    public required TaskConfig Task { get; init; }

    /// <summary>The archive the emitters search in.</summary>
    public required ArchiveConfig Archive { get; init; }

    /// <summary>Optional separate archive that receives every candidate and is reported (CMA-MAE).</summary>
    public ArchiveConfig? ResultArchive { get; init; }

    /// <summary>
    /// Optional initial population: evaluated and added to the archives before the first
    /// iteration (MAP-Elites' random initialisation), drawn from its own stream of the run seed.
    /// </summary>
    public InitialSolutionsConfig? InitialPopulation { get; init; }

    /// <summary>How the emitters take turns; plain (all of them every iteration) by default.</summary>
    public SchedulerConfig Scheduler { get; init; } = PlainSchedulerConfig.Instance;

    /// <summary>The emitters, in order.</summary>
    public required IReadOnlyList<EmitterConfig> Emitters { get; init; }

    /// <summary>
    /// Learned (or protocol ground-truth) measures: when set, the search runs as a
    /// learned-measure search whose archive is rebuilt at each scheduled update.
    /// </summary>
    public MeasuresConfig? Measures { get; init; }

    /// <summary>
    /// The <c>evaluation.cluster</c> section: evaluate on the workers of a cluster. Null (the
    /// default) evaluates in the running process. Only the program that runs the search acts on it
    /// (the <c>qd</c> command connects to the cluster); the results do not depend on it.
    /// </summary>
    public ClusterEvaluationConfig? Cluster { get; init; }

    /// <summary>The archive whose contents are exported and plotted.</summary>
    public ArchiveConfig ReportedArchive => ResultArchive ?? Archive;

    /// <inheritdoc />
    public override int Length => Iterations;

    /// <inheritdoc />
    public override ExperimentConfig WithLength(int length) =>
        length >= 1 ? this with { Iterations = length } : throw new ConfigException("iterations", $"must be at least 1, got {length}.");

    /// <inheritdoc />
    public override string ToJson() => ConfigWriter.ToJson(this);

    /// <inheritdoc />
    public override ExperimentConfig Validate() => ConfigResolver.Resolve(ConfigParser.Parse(ToJson(), "configuration", Name));
}

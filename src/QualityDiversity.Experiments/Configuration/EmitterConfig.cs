namespace QualityDiversity.Experiments.Configuration;

/// <summary>Settings shared by every emitter type (one entry of <c>emitters</c>).</summary>
public abstract record EmitterConfig
{
    // The kinds are the ones the configuration files know; writing and parsing cover exactly them.
    private protected EmitterConfig()
    {
    }

    /// <summary>Default batch size.</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>The <c>type</c> value naming this emitter kind.</summary>
    public abstract string Type { get; }

    /// <summary>Candidates per iteration and emitter.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Number of replicas of this emitter, each with its own random stream.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Random solutions proposed while the archive is empty, or null.</summary>
    public InitialSolutionsConfig? InitialSolutions { get; init; }

    /// <summary>Centre of the first batch when no initial solutions are given (zeros when null).</summary>
    public double[]? X0 { get; init; }

    /// <summary>Box the candidates are clipped into, or null for none.</summary>
    public BoundsConfig? Bounds { get; init; }
}

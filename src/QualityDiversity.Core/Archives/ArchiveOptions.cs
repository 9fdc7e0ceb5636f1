using QualityDiversity.Persistence;

namespace QualityDiversity.Archives;

/// <summary>Options shared by archives.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed record ArchiveOptions<T>
{
    /// <summary>CMA-MAE archive learning rate α in (0, 1]. Default 1.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Initial acceptance threshold of each cell. Default -infinity (plain MAP-Elites).</summary>
    public double ThresholdMin { get; init; } = double.NegativeInfinity;

    /// <summary>
    /// When a candidate that clears a cell's threshold replaces the cell's elite; null (the
    /// default) means <see cref="Archives.EliteReplacement.ClearsThreshold"/> for a learning rate
    /// below 1 (CMA-MAE) and <see cref="Archives.EliteReplacement.BetterObjective"/> otherwise.
    /// </summary>
    public EliteReplacement? EliteReplacement { get; init; }

    /// <summary>Subtracted from every objective when summing the QD score. Default 0.</summary>
    public double QdScoreOffset { get; init; }

    /// <summary>Length of the feature vector kept with each elite (0 keeps none).</summary>
    public int FeatureDim { get; init; }

    /// <summary>Checkpoint codec for solution elements; built-in for double and string.</summary>
    public ISolutionCodec<T>? Codec { get; init; }
}

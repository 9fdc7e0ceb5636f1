namespace QualityDiversity.Experiments.Configuration;

/// <summary>Settings shared by every archive type (the <c>archive</c> and <c>result_archive</c> sections).</summary>
public abstract record ArchiveConfig
{
    // The kinds are the ones the configuration files know; writing and parsing cover exactly them.
    private protected ArchiveConfig()
    {
    }

    /// <summary>The <c>type</c> value naming this archive kind.</summary>
    public abstract string Type { get; }

    /// <summary>CMA-MAE archive learning rate in (0, 1]; 1 for plain MAP-Elites.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Initial cell threshold; negative infinity (JSON null) for plain MAP-Elites.</summary>
    public double ThresholdMin { get; init; } = double.NegativeInfinity;

    /// <summary>
    /// <c>elite_replacement</c>: <c>threshold</c> (a candidate that clears a cell's threshold
    /// replaces its elite, CMA-MAE's rule) or <c>objective</c> (only a better objective does);
    /// null for the archive's default (threshold when the learning rate is below 1).
    /// </summary>
    public QualityDiversity.Archives.EliteReplacement? EliteReplacement { get; init; }

    /// <summary>Offset subtracted from every objective in the QD score.</summary>
    public double QdScoreOffset { get; init; }
}

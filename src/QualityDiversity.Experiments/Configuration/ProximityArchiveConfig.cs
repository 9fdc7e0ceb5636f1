namespace QualityDiversity.Experiments.Configuration;

/// <summary>An unstructured (novelty) archive: a candidate is kept when its mean distance to its <see cref="K"/> nearest elites reaches <see cref="NoveltyThreshold"/>.</summary>
public sealed record ProximityArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "proximity";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Nearest neighbours whose mean distance is the novelty.</summary>
    public int K { get; init; } = QualityDiversity.Archives.ProximityArchive<double>.DefaultNeighbors;

    /// <summary>Novelty needed to be added; positive.</summary>
    public required double NoveltyThreshold { get; init; }

    /// <summary>Whether a candidate that is not novel enough may replace its nearest elite by a higher objective.</summary>
    public bool LocalCompetition { get; init; }

    /// <summary>Slots allocated up front (the archive grows past it), and the denominator of coverage and normalised QD score.</summary>
    public int Capacity { get; init; } = QualityDiversity.Archives.ProximityArchive<double>.DefaultInitialCapacity;
}

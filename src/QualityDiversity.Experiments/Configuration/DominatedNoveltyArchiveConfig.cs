namespace QualityDiversity.Experiments.Configuration;

/// <summary>A Dominated Novelty Search archive: a population of <see cref="Capacity"/> kept by the mean distance to each member's <see cref="K"/> nearest fitter neighbours.</summary>
public sealed record DominatedNoveltyArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "dns";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Population size kept, and the denominator of coverage and normalised QD score.</summary>
    public required int Capacity { get; init; }

    /// <summary>Number of fitter neighbours whose mean distance is the competition score.</summary>
    public int K { get; init; } = QualityDiversity.Archives.DominatedNoveltyArchive<double>.DefaultNeighbors;
}

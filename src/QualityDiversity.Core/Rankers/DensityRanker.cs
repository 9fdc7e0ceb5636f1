using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// Ranks by density in measure space, lowest first (pyribs' <c>DensityRanker</c>, for Density
/// Descent Search). It reads the archive's value of each candidate, which a
/// <see cref="Archives.DensityArchive{T}"/> gives as the negative density, so the best value is
/// the sparsest region.
/// </summary>
public sealed class DensityRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public DensityRanker() : base("density", twoStage: false) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        ImprovementValues(feedback).CopyTo(values);
}

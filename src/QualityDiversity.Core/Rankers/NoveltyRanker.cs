using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// Ranks by novelty, most novel first (pyribs' <c>NoveltyRanker</c>, for Novelty Search with an
/// evolution strategy). It reads the archive's value of each candidate, which a
/// <see cref="Archives.ProximityArchive{T}"/> without local competition gives in novelty order
/// (the novelty of a candidate it keeps, the shortfall below the threshold of one it does not)
/// and a <see cref="Archives.DominatedNoveltyArchive{T}"/> gives as the dominated-novelty score.
/// </summary>
public sealed class NoveltyRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public NoveltyRanker() : base("nov", twoStage: false) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        ImprovementValues(feedback).CopyTo(values);
}

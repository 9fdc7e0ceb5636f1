using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// <c>2imp</c>: the improvement ranking of CMA-ME's improvement emitter (Fontaine et al. 2020).
/// Candidates that filled a new cell rank above those that improved an occupied cell, which rank
/// above those not added; within each group, by improvement value, descending.
/// </summary>
public sealed class TwoStageImprovementRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public TwoStageImprovementRanker() : base("2imp", twoStage: true) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        ImprovementValues(feedback).CopyTo(values);
}

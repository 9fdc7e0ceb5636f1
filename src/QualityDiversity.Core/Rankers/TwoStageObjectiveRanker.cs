using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// <c>2obj</c>: CMA-ME's optimizing emitter with archive status first (Fontaine et al. 2020):
/// new cell &gt; improved cell &gt; not added, then objective, descending.
/// </summary>
public sealed class TwoStageObjectiveRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public TwoStageObjectiveRanker() : base("2obj", twoStage: true) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        Objectives(feedback).CopyTo(values);
}

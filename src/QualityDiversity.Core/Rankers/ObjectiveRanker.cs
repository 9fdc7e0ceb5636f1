using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// <c>obj</c>: ranks candidates by objective, descending — CMA-ME's optimizing emitter
/// (Fontaine et al. 2020), i.e. plain CMA-ES on the objective.
/// </summary>
public sealed class ObjectiveRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public ObjectiveRanker() : base("obj", twoStage: false) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        Objectives(feedback).CopyTo(values);
}

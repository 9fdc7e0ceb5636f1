using QualityDiversity.Emitters;

namespace QualityDiversity.Rankers;

/// <summary>
/// <c>imp</c>: ranks candidates by the archive's improvement value, descending — the CMA-MAE
/// ranking (Fontaine and Nikolaidis 2023), where a candidate's value is <c>f - t_e</c>, its
/// objective minus the acceptance threshold of its cell.
/// </summary>
/// <remarks>
/// Not meant for CMA-ME: there a new cell's value is the objective itself, on another scale than
/// the gains of improved cells (use <see cref="TwoStageImprovementRanker"/>).
/// </remarks>
public sealed class ImprovementRanker : Ranker
{
    /// <summary>Creates the ranker.</summary>
    public ImprovementRanker() : base("imp", twoStage: false) { }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values) =>
        ImprovementValues(feedback).CopyTo(values);
}

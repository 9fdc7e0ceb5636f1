namespace QualityDiversity.Rankers;

/// <summary>
/// <c>rd</c>: ranks candidates by the projection of their measures onto a random unit direction
/// drawn at each reset, descending (Fontaine et al. 2020, random direction emitter).
/// </summary>
public sealed class RandomDirectionRanker : MeasureDirectionRanker
{
    /// <summary>Creates the ranker.</summary>
    /// <param name="measureRanges">Extent of the measure space per axis; null to read it from the archive.</param>
    public RandomDirectionRanker(IReadOnlyList<double>? measureRanges = null) : base("rd", twoStage: false, measureRanges) { }
}

namespace QualityDiversity.Rankers;

/// <summary>
/// <c>2rd</c>: the random direction emitter's ranking of Fontaine et al. (2020): new cell &gt;
/// improved cell &gt; not added, then the projection of the measures onto a random unit
/// direction drawn at each reset, descending.
/// </summary>
public sealed class TwoStageRandomDirectionRanker : MeasureDirectionRanker
{
    /// <summary>Creates the ranker.</summary>
    /// <param name="measureRanges">Extent of the measure space per axis; null to read it from the archive.</param>
    public TwoStageRandomDirectionRanker(IReadOnlyList<double>? measureRanges = null) : base("2rd", twoStage: true, measureRanges) { }
}

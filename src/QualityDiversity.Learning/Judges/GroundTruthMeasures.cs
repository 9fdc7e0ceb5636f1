using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>Writes the ground-truth measures of <paramref name="item"/> into <paramref name="measures"/> (whole span).</summary>
/// <param name="item">The candidate.</param>
/// <param name="measures">Destination of exactly the judge's measure dimension.</param>
public delegate void GroundTruthMeasures(JudgedItem item, Span<double> measures);

namespace QualityDiversity.Archives.Rebuild;

/// <summary>
/// Maps feature rows to measure rows (both row-major, the same number of rows): the measure
/// function of a learned measure space, applied to the features that archives keep per elite.
/// </summary>
/// <param name="features">Whole rows of features.</param>
/// <param name="measures">Receives one measure row per feature row.</param>
public delegate void FeatureMeasureMap(ReadOnlySpan<double> features, Span<double> measures);

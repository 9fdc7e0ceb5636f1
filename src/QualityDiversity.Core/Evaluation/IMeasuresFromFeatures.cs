namespace QualityDiversity.Evaluation;

/// <summary>
/// An evaluator whose measures follow from the features it writes (the arm's end effector is
/// the sum of its cos/sin features; the maze's final position is its last trajectory point).
/// Scoring an archive that keeps features in these measures then needs no new evaluation.
/// </summary>
public interface IMeasuresFromFeatures
{
    /// <summary>
    /// Writes the measures evaluation gives for a candidate with <paramref name="features"/>
    /// (one row), bit for bit.
    /// </summary>
    void MeasuresFromFeatures(ReadOnlySpan<double> features, Span<double> measures);
}

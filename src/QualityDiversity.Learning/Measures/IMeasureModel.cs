namespace QualityDiversity.Learning.Measures;

/// <summary>
/// A fitted map from a candidate's feature vector to its measures (its position in a learned
/// behaviour space). Implementations are immutable once fitted and safe to call from several
/// threads at once.
/// </summary>
public interface IMeasureModel
{
    /// <summary>Length of an input feature row.</summary>
    int FeatureDim { get; }

    /// <summary>Length of an output measure row.</summary>
    int MeasureDim { get; }

    /// <summary>
    /// Projects feature rows (row-major, a whole number of rows of <see cref="FeatureDim"/>)
    /// into measure rows of <see cref="MeasureDim"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not hold the same whole number of rows.</exception>
    void Project(ReadOnlySpan<double> features, Span<double> measures);
}

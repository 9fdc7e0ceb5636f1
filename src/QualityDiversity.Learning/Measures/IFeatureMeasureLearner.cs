using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Measures;

/// <summary>Fits a measure model to unlabelled feature vectors (AURORA-style PCA or autoencoder).</summary>
public interface IFeatureMeasureLearner
{
    /// <summary>Fits a fresh model on <paramref name="features"/>: row-major rows of <paramref name="featureDim"/> values.</summary>
    /// <exception cref="ArgumentException">There are too few rows or the span is not a whole number of rows.</exception>
    MeasureFit Fit(ReadOnlySpan<double> features, int featureDim, RandomSource random, CancellationToken cancellationToken = default);
}

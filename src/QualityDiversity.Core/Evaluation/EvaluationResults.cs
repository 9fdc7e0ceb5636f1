namespace QualityDiversity.Evaluation;

/// <summary>
/// Output buffers of one batch evaluation: an objective per candidate, a measure vector per
/// candidate, and optionally a feature vector per candidate (kept for learned measures).
/// Rows are laid out flat, candidate by candidate.
/// </summary>
public sealed class EvaluationResults
{
    /// <summary>Allocates buffers for <paramref name="count"/> candidates.</summary>
    public EvaluationResults(int count, int measureDim, int featureDim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(measureDim);
        ArgumentOutOfRangeException.ThrowIfNegative(featureDim);
        Count = count;
        MeasureDim = measureDim;
        FeatureDim = featureDim;
        Objectives = new double[count];
        Measures = new double[count * measureDim];
        Features = new double[count * featureDim];
    }

    /// <summary>Number of candidates.</summary>
    public int Count { get; }

    /// <summary>Length of each measure vector.</summary>
    public int MeasureDim { get; }

    /// <summary>Length of each feature vector (0 when the evaluator produces none).</summary>
    public int FeatureDim { get; }

    /// <summary>One objective per candidate.</summary>
    public double[] Objectives { get; }

    /// <summary>Measures, <see cref="MeasureDim"/> per candidate, row-major.</summary>
    public double[] Measures { get; }

    /// <summary>Features, <see cref="FeatureDim"/> per candidate, row-major (empty when none).</summary>
    public double[] Features { get; }

    /// <summary>
    /// Checks that these buffers hold <paramref name="count"/> rows of the widths an evaluator writes.
    /// </summary>
    /// <exception cref="ArgumentException">A row count or width differs.</exception>
    public void EnsureFits(int count, int measureDim, int featureDim)
    {
        if (Count != count)
            throw new ArgumentException($"Results hold {Count} rows but the batch has {count} solutions.", "results");
        if (MeasureDim != measureDim || FeatureDim != featureDim)
            throw new ArgumentException(
                $"Results have room for {MeasureDim} measures and {FeatureDim} features per candidate; this evaluator writes {measureDim} and {featureDim}.",
                "results");
    }

    /// <summary>The measure vector of candidate <paramref name="index"/>.</summary>
    public Span<double> MeasuresOf(int index) => Measures.AsSpan(index * MeasureDim, MeasureDim);

    /// <summary>The feature vector of candidate <paramref name="index"/>.</summary>
    public Span<double> FeaturesOf(int index) => Features.AsSpan(index * FeatureDim, FeatureDim);
}

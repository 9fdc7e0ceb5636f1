using System.Numerics;
using System.Runtime.InteropServices;

namespace QualityDiversity.Learning.Measures;

/// <summary>
/// A fitted principal-component projection: measures are (x - mean)·component for each of the
/// top components, i.e. coordinates in the principal subspace of the training features.
/// Immutable and safe to call from several threads; projecting allocates nothing.
/// </summary>
public sealed class PcaModel : IMeasureModel
{
    private readonly double[] _mean;
    private readonly double[] _components;
    private readonly double[] _explainedVariance;
    private readonly double[] _explainedVarianceRatio;

    internal PcaModel(double[] mean, double[] components, double[] explainedVariance, double totalVariance)
    {
        _mean = mean;
        _components = components;
        _explainedVariance = explainedVariance;
        _explainedVarianceRatio = new double[explainedVariance.Length];
        // Constant features have no variance to explain; their ratios are 0 rather than NaN.
        if (totalVariance > 0)
            for (int i = 0; i < explainedVariance.Length; i++) _explainedVarianceRatio[i] = explainedVariance[i] / totalVariance;
        TotalVariance = totalVariance;
    }

    /// <inheritdoc />
    public int FeatureDim => _mean.Length;

    /// <inheritdoc />
    public int MeasureDim => _explainedVariance.Length;

    /// <summary>Per-column mean of the training features (length <see cref="FeatureDim"/>).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>
    /// The principal components as row-major unit rows (<see cref="MeasureDim"/> rows of
    /// <see cref="FeatureDim"/>), most variance first; each row's largest-magnitude entry is positive.
    /// </summary>
    public ReadOnlySpan<double> Components => _components;

    /// <summary>Variance of the training features along each component (sample variance, n - 1 denominator).</summary>
    public ReadOnlySpan<double> ExplainedVariance => _explainedVariance;

    /// <summary>Fraction of <see cref="TotalVariance"/> along each component (0 when the features are constant).</summary>
    public ReadOnlySpan<double> ExplainedVarianceRatio => _explainedVarianceRatio;

    /// <summary>Total sample variance of the training features (sum over columns).</summary>
    public double TotalVariance { get; }

    /// <inheritdoc />
    public void Project(ReadOnlySpan<double> features, Span<double> measures)
    {
        int d = FeatureDim, k = MeasureDim;
        if (features.Length % d != 0)
            throw new ArgumentException($"The features ({features.Length} values) are not a whole number of rows of {d}.", nameof(features));
        int rows = features.Length / d;
        if (measures.Length != rows * k)
            throw new ArgumentException($"The measures span holds {measures.Length} values; {rows} rows of {k} need {rows * k}.", nameof(measures));

        ReadOnlySpan<double> mean = _mean;
        ReadOnlySpan<double> components = _components;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> x = features.Slice(r * d, d);
            for (int c = 0; c < k; c++) measures[r * k + c] = CentredDot(x, mean, components.Slice(c * d, d));
        }
    }

    // (x - mean)·component; subtracting first keeps precision when the mean is large against the spread.
    private static double CentredDot(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> component)
    {
        int i = 0;
        double sum = 0.0;
        if (Vector.IsHardwareAccelerated && x.Length >= 2 * Vector<double>.Count)
        {
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            ReadOnlySpan<Vector<double>> vm = MemoryMarshal.Cast<double, Vector<double>>(mean);
            ReadOnlySpan<Vector<double>> vc = MemoryMarshal.Cast<double, Vector<double>>(component);
            Vector<double> acc = Vector<double>.Zero;
            for (int v = 0; v < vx.Length; v++) acc += (vx[v] - vm[v]) * vc[v];
            sum = Vector.Sum(acc);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) sum += (x[i] - mean[i]) * component[i];
        return sum;
    }
}

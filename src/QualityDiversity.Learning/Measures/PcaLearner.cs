using MathNet.Numerics.LinearAlgebra;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Measures;

/// <summary>
/// AURORA-style baseline: the learned measures are the coordinates of a candidate's features in
/// the top principal components of the features seen so far. Closed-form and deterministic:
/// refitting on the same data gives the same model, bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// The components come from a symmetric eigendecomposition of the smaller of the two scatter
/// matrices: the d×d covariance when rows ≥ columns, otherwise the n×n Gram matrix (mapped back
/// to feature space). Both are well defined for rank-deficient data. Components beyond the rank of
/// the centred data carry no variance; they are completed to an orthonormal set deterministically.
/// </para>
/// <para>Each component's largest-magnitude loading (first on ties) is made positive, since an
/// eigenvector's sign is otherwise arbitrary.</para>
/// </remarks>
public sealed class PcaLearner : IFeatureMeasureLearner
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Creates a learner keeping the top <paramref name="components"/> principal components.</summary>
    /// <param name="components">Number of measures (at least 1); 2 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> is below 1.</exception>
    public PcaLearner(int components = 2)
    {
        if (components < 1)
            throw new ArgumentOutOfRangeException(nameof(components), components, "PCA needs at least one component.");
        ComponentCount = components;
    }

    /// <summary>Number of principal components kept, i.e. the fitted model's measure dimension.</summary>
    public int ComponentCount { get; }

    /// <summary>
    /// Fits a <see cref="PcaModel"/> to <paramref name="features"/>. The result has 0 epochs and no
    /// validation figures. <paramref name="random"/> is not used: the fit is deterministic.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="featureDim"/> is below 1 or below the component count, the span is not a
    /// whole number of rows, there are fewer than 2 rows, or a value is NaN or infinite.
    /// </exception>
    public MeasureFit Fit(ReadOnlySpan<double> features, int featureDim, RandomSource random, CancellationToken cancellationToken = default)
    {
        int d = featureDim, k = ComponentCount;
        if (d < 1)
            throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "The feature dimension must be at least 1.");
        if (k > d)
            throw new ArgumentException($"Cannot take {k} principal components of {d}-dimensional features.", nameof(featureDim));
        if (features.Length % d != 0)
            throw new ArgumentException($"The features ({features.Length} values) are not a whole number of rows of {d}.", nameof(features));
        int n = features.Length / d;
        if (n < 2)
            throw new ArgumentException($"PCA needs at least 2 feature rows to measure variance; got {n}.", nameof(features));
        int bad = features.IndexOfAnyExceptInRange(double.MinValue, double.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"The features hold a non-finite value ({features[bad]}) at row {bad / d}, column {bad % d}.", nameof(features));

        double[] mean = ColumnMeans(features, n, d);
        // Column-major n×d storage, which is MathNet's dense layout.
        double[] centred = new double[n * d];
        double totalSquares = 0.0;
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < d; c++)
            {
                double value = features[r * d + c] - mean[c];
                centred[c * n + r] = value;
                totalSquares += value * value;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        Matrix<double> x = Matrix<double>.Build.Dense(n, d, centred);
        double[] components = new double[k * d];
        double[] explained = new double[k];
        int found = n >= d
            ? FromCovariance(x, k, components, explained, cancellationToken)
            : FromGram(x, k, components, explained, cancellationToken);
        CompleteOrthonormal(components, found, k, d);
        for (int c = 0; c < k; c++)
        {
            FixSign(components.AsSpan(c * d, d));
            explained[c] /= n - 1;
        }

        var model = new PcaModel(mean, components, explained, totalSquares / (n - 1));
        return new MeasureFit(model, Epochs: 0, ValidationAccuracy: null, ValidationLoss: null);
    }

    private static double[] ColumnMeans(ReadOnlySpan<double> features, int n, int d)
    {
        double[] mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> row = features.Slice(r * d, d);
            for (int c = 0; c < d; c++) mean[c] += row[c];
        }
        for (int c = 0; c < d; c++) mean[c] /= n;
        return mean;
    }

    // Eigenvectors of XᵀX are the components; eigenvalues are the scatter along them.
    private static int FromCovariance(Matrix<double> x, int k, double[] components, double[] scatter, CancellationToken cancellationToken)
    {
        int d = x.ColumnCount;
        var evd = x.TransposeThisAndMultiply(x).Evd(Symmetricity.Symmetric);
        cancellationToken.ThrowIfCancellationRequested();
        int[] order = DescendingOrder(evd.EigenValues.Select(v => v.Real).ToArray());
        Matrix<double> vectors = evd.EigenVectors;
        for (int c = 0; c < k; c++)
        {
            int column = order[c];
            scatter[c] = Math.Max(0.0, evd.EigenValues[column].Real);
            Span<double> row = components.AsSpan(c * d, d);
            for (int j = 0; j < d; j++) row[j] = vectors[j, column];
            Normalize(row);
        }
        return k;
    }

    // With fewer rows than columns: for a unit eigenvector u of XXᵀ with eigenvalue μ > 0,
    // Xᵀu/√μ is the matching unit eigenvector of XᵀX. Zero-variance directions cannot be mapped
    // back and are left to the completion step.
    private static int FromGram(Matrix<double> x, int k, double[] components, double[] scatter, CancellationToken cancellationToken)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var evd = x.TransposeAndMultiply(x).Evd(Symmetricity.Symmetric);
        cancellationToken.ThrowIfCancellationRequested();
        double[] values = evd.EigenValues.Select(v => v.Real).ToArray();
        int[] order = DescendingOrder(values);
        // Eigenvalues this small relative to the largest are rounding noise of a zero.
        double tolerance = Math.Max(values[order[0]], 0.0) * Math.Max(n, d) * MachineEpsilon;
        int found = 0;
        for (int c = 0; c < Math.Min(k, n); c++)
        {
            double mu = values[order[c]];
            if (!(mu > tolerance)) break;
            Vector<double> v = x.TransposeThisAndMultiply(evd.EigenVectors.Column(order[c]));
            Span<double> row = components.AsSpan(c * d, d);
            for (int j = 0; j < d; j++) row[j] = v[j];
            Normalize(row);
            scatter[c] = mu;
            found++;
        }
        return found;
    }

    private static int[] DescendingOrder(double[] values)
    {
        int[] order = Enumerable.Range(0, values.Length).ToArray();
        // Ties keep the lower index first so the order is reproducible.
        Array.Sort(order, (i, j) => values[j].CompareTo(values[i]) is var byValue && byValue != 0 ? byValue : i.CompareTo(j));
        return order;
    }

    // Fills rows found..k-1 with unit vectors orthogonal to the earlier rows, choosing each time
    // the coordinate axis with the largest component outside the current span (lowest axis on ties).
    private static void CompleteOrthonormal(double[] components, int found, int k, int d)
    {
        double[] candidate = new double[d];
        for (int c = found; c < k; c++)
        {
            int bestAxis = -1;
            double bestNorm = -1.0;
            for (int axis = 0; axis < d; axis++)
            {
                double norm = ResidualOfAxis(components, c, d, axis, candidate);
                if (norm > bestNorm * (1 + 1e-12))
                {
                    bestNorm = norm;
                    bestAxis = axis;
                }
            }
            ResidualOfAxis(components, c, d, bestAxis, candidate);
            Span<double> row = components.AsSpan(c * d, d);
            candidate.CopyTo(row);
            Normalize(row);
        }
    }

    // Writes e_axis minus its projection on rows 0..count-1 (twice, for orthogonality in floating point) and returns its norm.
    private static double ResidualOfAxis(double[] components, int count, int d, int axis, double[] residual)
    {
        Array.Clear(residual);
        residual[axis] = 1.0;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int c = 0; c < count; c++)
            {
                ReadOnlySpan<double> row = components.AsSpan(c * d, d);
                double dot = 0.0;
                for (int j = 0; j < d; j++) dot += row[j] * residual[j];
                for (int j = 0; j < d; j++) residual[j] -= dot * row[j];
            }
        }
        double sum = 0.0;
        for (int j = 0; j < d; j++) sum += residual[j] * residual[j];
        return Math.Sqrt(sum);
    }

    private static void Normalize(Span<double> row)
    {
        double sum = 0.0;
        foreach (double value in row) sum += value * value;
        double scale = 1.0 / Math.Sqrt(sum);
        for (int j = 0; j < row.Length; j++) row[j] *= scale;
    }

    private static void FixSign(Span<double> row)
    {
        int largest = 0;
        for (int j = 1; j < row.Length; j++)
            if (Math.Abs(row[j]) > Math.Abs(row[largest])) largest = j;
        if (row[largest] < 0)
            for (int j = 0; j < row.Length; j++) row[j] = -row[j];
    }
}

namespace QualityDiversity.Archives;

/// <summary>
/// Every elite of an archive as columns, one row per elite in ascending slot order (like
/// pyribs' <c>archive.data()</c>): index, objective, threshold, measures (<c>Count × MeasureDim</c>,
/// row-major), solutions (<c>Count × SolutionWidth</c>) and features. A snapshot: later adds do
/// not change it.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class ArchiveData<T>
{
    /// <summary>Bundles columns, checking that they hold <paramref name="index"/>.Length rows.</summary>
    /// <exception cref="ArgumentException">A column's length does not match the row count and widths; the message names it.</exception>
    public ArchiveData(int[] index, double[] objective, double[] threshold, double[] measures, int measureDim, T[] solutions, int solutionWidth, double[]? features = null, int featureDim = 0)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(solutions);
        features ??= [];
        int n = index.Length;
        if (measureDim < 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "The measure dimension cannot be negative.");
        if (solutionWidth < 0) throw new ArgumentOutOfRangeException(nameof(solutionWidth), solutionWidth, "The solution width cannot be negative.");
        if (featureDim < 0) throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "The feature dimension cannot be negative.");
        Check(objective.Length, n, nameof(objective));
        Check(threshold.Length, n, nameof(threshold));
        Check(measures.Length, n * measureDim, nameof(measures));
        Check(solutions.Length, n * solutionWidth, nameof(solutions));
        Check(features.Length, n * featureDim, nameof(features));
        Index = index;
        Objective = objective;
        Threshold = threshold;
        Measures = measures;
        Solutions = solutions;
        Features = features;
        MeasureDim = measureDim;
        SolutionWidth = solutionWidth;
        FeatureDim = featureDim;
    }

    private static void Check(int length, int expected, string name)
    {
        if (length != expected) throw new ArgumentException($"Column {name} holds {length} values; expected {expected}.", name);
    }

    /// <summary>Number of elites (rows).</summary>
    public int Count => Index.Length;

    /// <summary>Measures per row.</summary>
    public int MeasureDim { get; }

    /// <summary>Solution elements per row.</summary>
    public int SolutionWidth { get; }

    /// <summary>Features per row (0 when none are kept).</summary>
    public int FeatureDim { get; }

    /// <summary>Each elite's slot: its cell index for cell-based archives.</summary>
    public int[] Index { get; }

    /// <summary>Each elite's objective.</summary>
    public double[] Objective { get; }

    /// <summary>Each elite's cell threshold (CMA-MAE; equals the objective for plain archives; NaN when unknown).</summary>
    public double[] Threshold { get; }

    /// <summary>Measures, <see cref="MeasureDim"/> per row, row-major.</summary>
    public double[] Measures { get; }

    /// <summary>Solutions, <see cref="SolutionWidth"/> elements per row, row-major.</summary>
    public T[] Solutions { get; }

    /// <summary>Features, <see cref="FeatureDim"/> per row, row-major (empty when none are kept).</summary>
    public double[] Features { get; }

    /// <summary>The measures of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<double> MeasuresOf(int row) => Measures.AsSpan(CheckRow(row) * MeasureDim, MeasureDim);

    /// <summary>The solution of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<T> SolutionOf(int row) => Solutions.AsSpan(CheckRow(row) * SolutionWidth, SolutionWidth);

    /// <summary>The features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<double> FeaturesOf(int row) => Features.AsSpan(CheckRow(row) * FeatureDim, FeatureDim);

    /// <summary>Measure <paramref name="dimension"/> of every row, as a new array.</summary>
    public double[] MeasureColumn(int dimension)
    {
        if ((uint)dimension >= (uint)MeasureDim)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"There are {MeasureDim} measures.");
        var column = new double[Count];
        for (int i = 0; i < column.Length; i++) column[i] = Measures[i * MeasureDim + dimension];
        return column;
    }

    /// <summary>
    /// The rows <paramref name="rows"/>, in that order, as a new snapshot (a filtered or sorted
    /// view of the elites; a row may appear more than once).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside 0 to <see cref="Count"/> − 1; the message names its position.</exception>
    public ArchiveData<T> SelectRows(ReadOnlySpan<int> rows)
    {
        int n = rows.Length;
        var index = new int[n];
        var objective = new double[n];
        var threshold = new double[n];
        var measures = new double[n * MeasureDim];
        var solutions = new T[n * SolutionWidth];
        var features = new double[n * FeatureDim];
        for (int i = 0; i < n; i++)
        {
            int row = rows[i];
            if ((uint)row >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"rows[{i}] is {row}, but there are {Count} rows.");
            index[i] = Index[row];
            objective[i] = Objective[row];
            threshold[i] = Threshold[row];
            Measures.AsSpan(row * MeasureDim, MeasureDim).CopyTo(measures.AsSpan(i * MeasureDim));
            Solutions.AsSpan(row * SolutionWidth, SolutionWidth).CopyTo(solutions.AsSpan(i * SolutionWidth));
            Features.AsSpan(row * FeatureDim, FeatureDim).CopyTo(features.AsSpan(i * FeatureDim));
        }
        return new ArchiveData<T>(index, objective, threshold, measures, MeasureDim, solutions, SolutionWidth, features, FeatureDim);
    }

    private int CheckRow(int row) =>
        (uint)row < (uint)Count ? row : throw new ArgumentOutOfRangeException(nameof(row), row, $"There are {Count} rows.");

    /// <summary>Copies the elites in <paramref name="slots"/>, in that order.</summary>
    internal static ArchiveData<T> Copy(IReadOnlyEliteStore<T> store, ReadOnlySpan<int> slots)
    {
        int n = slots.Length, width = store.SolutionWidth, measureDim = store.MeasureDim, featureDim = store.FeatureDim;
        var index = slots.ToArray();
        var objective = new double[n];
        var threshold = new double[n];
        var measures = new double[n * measureDim];
        var solutions = new T[n * width];
        var features = new double[n * featureDim];
        for (int i = 0; i < n; i++)
        {
            int slot = slots[i];
            objective[i] = store.Objective(slot);
            threshold[i] = store.Threshold(slot);
            store.Measures(slot).CopyTo(measures.AsSpan(i * measureDim, measureDim));
            store.Solution(slot).CopyTo(solutions.AsSpan(i * width, width));
            store.Features(slot).CopyTo(features.AsSpan(i * featureDim, featureDim));
        }
        return new ArchiveData<T>(index, objective, threshold, measures, measureDim, solutions, width, features, featureDim);
    }
}

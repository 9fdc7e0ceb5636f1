using QualityDiversity.Archives;

namespace QualityDiversity.Export;

/// <summary>The contents of an archive CSV file: its shape and its rows, in file order.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="MeasureDim">Number of <c>measure_*</c> columns.</param>
/// <param name="SolutionWidth">Number of <c>solution_*</c> columns.</param>
/// <param name="HasThreshold">Whether the file has a <c>threshold</c> column.</param>
/// <param name="Rows">The elites.</param>
public sealed record ArchiveCsvTable<T>(int MeasureDim, int SolutionWidth, bool HasThreshold, IReadOnlyList<ArchiveCsvRow<T>> Rows)
{
    /// <summary>
    /// The rows as columns, in file order: the same shape as a live archive's
    /// <see cref="ArchiveDataExtensions.ToData{T}"/> (thresholds are NaN when the file has none; no features).
    /// </summary>
    /// <exception cref="InvalidDataException">A row's measures or solution do not have the table's width.</exception>
    public ArchiveData<T> ToData()
    {
        int n = Rows.Count;
        var index = new int[n];
        var objective = new double[n];
        var threshold = new double[n];
        var measures = new double[n * MeasureDim];
        var solutions = new T[n * SolutionWidth];
        for (int i = 0; i < n; i++)
        {
            var row = Rows[i];
            if (row.Measures.Length != MeasureDim || row.Solution.Length != SolutionWidth)
                throw new InvalidDataException($"Row {i} has {row.Measures.Length} measures and {row.Solution.Length} solution elements; the table has {MeasureDim} and {SolutionWidth}.");
            index[i] = row.Index;
            objective[i] = row.Objective;
            threshold[i] = row.Threshold;
            row.Measures.CopyTo(measures, i * MeasureDim);
            row.Solution.CopyTo(solutions, i * SolutionWidth);
        }
        return new ArchiveData<T>(index, objective, threshold, measures, MeasureDim, solutions, SolutionWidth);
    }
}

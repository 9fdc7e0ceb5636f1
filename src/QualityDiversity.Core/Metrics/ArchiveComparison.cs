using QualityDiversity.Archives;

namespace QualityDiversity.Metrics;

/// <summary>
/// Which cells two archives of the same cells (for example two runs of one configuration, or
/// two algorithms on one task) reached: the cells both reached, the cells only one of them
/// reached, and in the shared cells which one holds the better elite.
/// </summary>
/// <param name="Cells">Number of cells of either archive.</param>
/// <param name="Both">Cells both archives reached, ascending.</param>
/// <param name="OnlyFirst">Cells only the first archive reached, ascending.</param>
/// <param name="OnlySecond">Cells only the second archive reached, ascending.</param>
/// <param name="FirstBetter">Shared cells where the first archive's elite has the higher objective.</param>
/// <param name="SecondBetter">Shared cells where the second archive's elite has the higher objective.</param>
public sealed record ArchiveComparison(int Cells, int[] Both, int[] OnlyFirst, int[] OnlySecond, int FirstBetter, int SecondBetter)
{
    /// <summary>Shared cells whose two elites have equal objectives.</summary>
    public int Ties => Both.Length - FirstBetter - SecondBetter;

    /// <summary>Cells either archive reached.</summary>
    public int Either => Both.Length + OnlyFirst.Length + OnlySecond.Length;

    /// <summary>Compares two cell archives (grid, CVT, categorical, sliding boundaries) with the same number of cells and measures.</summary>
    /// <exception cref="ArgumentException">An archive has no fixed cells, or the two differ in cells or measures; the message says which.</exception>
    public static ArchiveComparison Of<TFirst, TSecond>(IArchive<TFirst> first, IArchive<TSecond> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first is not (CellArchive<TFirst> or SlidingBoundariesArchive<TFirst>))
            throw new ArgumentException($"{first.GetType().Name} has no fixed cells to compare; compare cell archives (grid, CVT, categorical).", nameof(first));
        if (second is not (CellArchive<TSecond> or SlidingBoundariesArchive<TSecond>))
            throw new ArgumentException($"{second.GetType().Name} has no fixed cells to compare; compare cell archives (grid, CVT, categorical).", nameof(second));
        if (first.MeasureDim != second.MeasureDim)
            throw new ArgumentException($"the first archive has {first.MeasureDim} measures and the second {second.MeasureDim}.", nameof(second));
        if (first.CellCount != second.CellCount)
            throw new ArgumentException($"the first archive has {first.CellCount} cells and the second {second.CellCount}; only archives of the same cells compare.", nameof(second));
        return Of(first.ToData(), second.ToData(), first.CellCount);
    }

    /// <summary>Compares the elites of two archives of <paramref name="cells"/> cells by their cell indices (for example read from two runs' archive.csv).</summary>
    /// <exception cref="ArgumentException">An index lies outside the cells or appears twice; the message names the archive and the row.</exception>
    public static ArchiveComparison Of<TFirst, TSecond>(ArchiveData<TFirst> first, ArchiveData<TSecond> second, int cells)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfNegative(cells);
        double[] a = Objectives(first.Index, first.Objective, cells, nameof(first));
        double[] b = Objectives(second.Index, second.Objective, cells, nameof(second));
        var both = new List<int>();
        var onlyFirst = new List<int>();
        var onlySecond = new List<int>();
        int firstBetter = 0, secondBetter = 0;
        for (int c = 0; c < cells; c++)
        {
            bool inA = !double.IsNaN(a[c]), inB = !double.IsNaN(b[c]);
            if (inA && inB)
            {
                both.Add(c);
                if (a[c] > b[c]) firstBetter++;
                else if (b[c] > a[c]) secondBetter++;
            }
            else if (inA) onlyFirst.Add(c);
            else if (inB) onlySecond.Add(c);
        }
        return new ArchiveComparison(cells, [.. both], [.. onlyFirst], [.. onlySecond], firstBetter, secondBetter);
    }

    private static double[] Objectives(int[] index, double[] objective, int cells, string which)
    {
        var values = new double[cells];
        Array.Fill(values, double.NaN);
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)cells)
                throw new ArgumentException($"row {i} of the {which} archive is in cell {index[i]}, outside the {cells} cells.", which);
            if (!double.IsNaN(values[index[i]]))
                throw new ArgumentException($"row {i} of the {which} archive is in cell {index[i]}, which an earlier row holds already.", which);
            values[index[i]] = objective[i];
        }
        return values;
    }
}

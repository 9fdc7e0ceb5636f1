using QualityDiversity.Archives;

namespace QualityDiversity.Tables;

/// <summary>
/// An archive's elites as a table: the columns of <see cref="ArchiveData{T}"/> (cell index,
/// objective, threshold, measures, solutions, features) plus named per-elite metadata columns,
/// with filtering, sorting and CSV export. Every operation returns a new table; the
/// QualityDiversity.Data package writes tables to Parquet and converts them to data frames.
/// <code>
/// var best = archive.ToTable(["x (m)", "y (m)"])
///     .Where(e => e.Measures[0] &gt; 0)
///     .OrderBy("objective", descending: true)
///     .Take(10);
/// best.WriteCsv("best.csv");
/// </code>
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class EliteTable<T>
{
    private readonly EliteColumn[] _metadata;
    private readonly string[] _measureNames;

    /// <summary>A table of <paramref name="data"/> with optional measure names and metadata columns.</summary>
    /// <param name="data">The elites.</param>
    /// <param name="measureNames">One name per measure (with units) for figures and files; null for <c>measures_0</c>, <c>measures_1</c>, …</param>
    /// <param name="metadata">Per-elite columns, each with one value per elite and a name no other column has.</param>
    /// <exception cref="ArgumentException">A name or column does not fit; the message names it.</exception>
    public EliteTable(ArchiveData<T> data, IReadOnlyList<string>? measureNames = null, IReadOnlyList<EliteColumn>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        if (measureNames is not null)
        {
            if (measureNames.Count != data.MeasureDim)
                throw new ArgumentException($"{measureNames.Count} measure names for {data.MeasureDim} measures.", nameof(measureNames));
            for (int i = 0; i < measureNames.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(measureNames[i])) throw new ArgumentException($"measureNames[{i}] is empty.", nameof(measureNames));
            }
        }
        _measureNames = measureNames?.ToArray() ?? Enumerable.Range(0, data.MeasureDim).Select(EliteTableColumns.Measure).ToArray();
        _metadata = [];
        foreach (var column in metadata ?? []) _metadata = [.. _metadata, Check(column)];
    }

    /// <summary>The elites' columns.</summary>
    public ArchiveData<T> Data { get; }

    /// <summary>Number of elites (rows).</summary>
    public int Count => Data.Count;

    /// <summary>One name per measure, for figures and files.</summary>
    public IReadOnlyList<string> MeasureNames => _measureNames;

    /// <summary>The per-elite metadata columns, in order.</summary>
    public IReadOnlyList<EliteColumn> MetadataColumns => _metadata;

    /// <summary>Every column's name in order: index, objective, threshold, measures_*, solution_*, features_*, then the metadata.</summary>
    public IReadOnlyList<string> ColumnNames =>
    [
        EliteTableColumns.Index, EliteTableColumns.Objective, EliteTableColumns.Threshold,
        .. Enumerable.Range(0, Data.MeasureDim).Select(EliteTableColumns.Measure),
        .. Enumerable.Range(0, Data.SolutionWidth).Select(EliteTableColumns.Solution),
        .. Enumerable.Range(0, Data.FeatureDim).Select(EliteTableColumns.Feature),
        .. _metadata.Select(c => c.Name),
    ];

    /// <summary>Row <paramref name="row"/>.</summary>
    public EliteRow<T> this[int row] =>
        (uint)row < (uint)Count ? new EliteRow<T>(this, row) : throw new ArgumentOutOfRangeException(nameof(row), row, $"There are {Count} rows.");

    /// <summary>Every row, in order.</summary>
    public IEnumerable<EliteRow<T>> Rows()
    {
        for (int i = 0; i < Count; i++) yield return new EliteRow<T>(this, i);
    }

    /// <summary>The metadata column <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists those there are.</exception>
    public EliteColumn Metadata(string name) =>
        Array.Find(_metadata, c => c.Name == name)
        ?? throw new KeyNotFoundException($"the table has no metadata column '{name}'; it has {(_metadata.Length == 0 ? "none" : string.Join(", ", _metadata.Select(c => c.Name)))}.");

    /// <summary>The table with <paramref name="column"/> added after the other metadata.</summary>
    /// <exception cref="ArgumentException">Its length is not <see cref="Count"/>, or another column has its name.</exception>
    public EliteTable<T> WithColumn(EliteColumn column) => new(Data, _measureNames, [.. _metadata, column]);

    /// <summary>The rows for which <paramref name="predicate"/> holds, in order.</summary>
    public EliteTable<T> Where(Func<EliteRow<T>, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var rows = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (predicate(new EliteRow<T>(this, i))) rows.Add(i);
        }
        return SelectRows(rows.ToArray());
    }

    /// <summary>
    /// The rows sorted by the column <paramref name="column"/>: a numeric column (see
    /// <see cref="Numbers"/>) by value with NaN last, a text column in ordinal order with null
    /// last. The sort is stable: equal keys keep their order.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public EliteTable<T> OrderBy(string column, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(column);
        var order = Enumerable.Range(0, Count).ToArray();
        if (Array.Find(_metadata, c => c.Name == column) is { Kind: EliteColumnKind.Text } text)
        {
            var keys = text.Texts;
            Comparison<int> compare = (a, b) => (keys[a], keys[b]) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => descending ? string.CompareOrdinal(y, x) : string.CompareOrdinal(x, y),
            };
            return SelectRows(StableSort(order, compare));
        }
        double[] values = Numbers(column);
        return SelectRows(StableSort(order, (a, b) => (double.IsNaN(values[a]), double.IsNaN(values[b])) switch
        {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            _ => descending ? values[b].CompareTo(values[a]) : values[a].CompareTo(values[b]),
        }));
    }

    /// <summary>The first <paramref name="count"/> rows (all when there are fewer).</summary>
    public EliteTable<T> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SelectRows(Enumerable.Range(0, Math.Min(count, Count)).ToArray());
    }

    /// <summary>The rows <paramref name="rows"/>, in that order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside the table.</exception>
    public EliteTable<T> SelectRows(ReadOnlySpan<int> rows)
    {
        var data = Data.SelectRows(rows);
        var metadata = new EliteColumn[_metadata.Length];
        for (int c = 0; c < metadata.Length; c++) metadata[c] = _metadata[c].SelectRows(rows);
        return new EliteTable<T>(data, _measureNames, metadata);
    }

    /// <summary>
    /// The values of a numeric column by name: <c>index</c>, <c>objective</c>, <c>threshold</c>,
    /// <c>measures_i</c> (or the measure's name), <c>features_i</c>, <c>solution_i</c> when
    /// solutions are numbers, or a number or integer metadata column.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No numeric column has that name; the message lists the columns.</exception>
    public double[] Numbers(string column)
    {
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++) values[i] = NumberAt(column, i);
        return values;
    }

    /// <summary>The table with every solution element converted, for example a genome to its text.</summary>
    public EliteTable<TOut> ConvertSolutions<TOut>(Func<T, TOut> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        var d = Data;
        var data = new ArchiveData<TOut>(d.Index, d.Objective, d.Threshold, d.Measures, d.MeasureDim,
            Array.ConvertAll(d.Solutions, x => convert(x)), d.SolutionWidth, d.Features, d.FeatureDim);
        return new EliteTable<TOut>(data, _measureNames, _metadata);
    }

    internal double NumberAt(string column, int row)
    {
        switch (column)
        {
            case EliteTableColumns.Index: return Data.Index[row];
            case EliteTableColumns.Objective: return Data.Objective[row];
            case EliteTableColumns.Threshold: return Data.Threshold[row];
        }
        if (Indexed(column, EliteTableColumns.MeasurePrefix, Data.MeasureDim) is { } m) return Data.Measures[row * Data.MeasureDim + m];
        if (Array.IndexOf(_measureNames, column) is var named and >= 0) return Data.Measures[row * Data.MeasureDim + named];
        if (Indexed(column, EliteTableColumns.FeaturePrefix, Data.FeatureDim) is { } f) return Data.Features[row * Data.FeatureDim + f];
        if (Indexed(column, EliteTableColumns.SolutionPrefix, Data.SolutionWidth) is { } s && Data.Solutions[row * Data.SolutionWidth + s] is var x
            && x is double or float or int or long or short or byte)
            return Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture);
        if (Array.Find(_metadata, c => c.Name == column) is { Kind: not EliteColumnKind.Text } meta) return meta.NumberAt(row);
        throw new KeyNotFoundException($"the table has no numeric column '{column}'; its columns are {string.Join(", ", ColumnNames)}.");
    }

    private static int? Indexed(string column, string prefix, int count) =>
        column.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(column.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i)
        && i < count ? i : null;

    private EliteColumn Check(EliteColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Count != Count)
            throw new ArgumentException($"metadata column '{column.Name}' has {column.Count} values but the table has {Count} rows.", nameof(column));
        if (ColumnNames.Contains(column.Name))
            throw new ArgumentException($"metadata column '{column.Name}' has the name of another column.", nameof(column));
        return column;
    }

    // List.Sort is not stable; ties are broken by position so equal keys keep their order.
    private static int[] StableSort(int[] order, Comparison<int> compare)
    {
        Array.Sort(order, (a, b) => compare(a, b) is var c and not 0 ? c : a.CompareTo(b));
        return order;
    }
}

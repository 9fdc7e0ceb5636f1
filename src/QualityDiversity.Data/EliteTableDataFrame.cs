using Microsoft.Data.Analysis;
using QualityDiversity.Archives;
using QualityDiversity.Tables;

namespace QualityDiversity.Data;

/// <summary>
/// Elite tables as Microsoft.Data.Analysis data frames and back, column for column (see
/// <see cref="EliteTable{T}.ColumnNames"/>): <c>index</c> as int32, the numbers as double, the
/// solutions in their element type, the metadata as double, int64 or string. Filter, group and
/// join there; convert back to draw or export.
/// </summary>
public static class EliteTableDataFrame
{
    /// <summary>The table as a data frame.</summary>
    /// <exception cref="NotSupportedException">The solutions' element type has no data frame column; convert it with <see cref="EliteTable{T}.ConvertSolutions{TOut}"/>.</exception>
    public static DataFrame ToDataFrame<T>(this EliteTable<T> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        SolutionElement.Check<T>();
        var d = table.Data;
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn(EliteTableColumns.Index, d.Index),
            new DoubleDataFrameColumn(EliteTableColumns.Objective, d.Objective),
            new DoubleDataFrameColumn(EliteTableColumns.Threshold, d.Threshold),
        };
        for (int m = 0; m < d.MeasureDim; m++) columns.Add(new DoubleDataFrameColumn(EliteTableColumns.Measure(m), d.MeasureColumn(m)));
        for (int s = 0; s < d.SolutionWidth; s++) columns.Add(SolutionColumn(EliteTableColumns.Solution(s), SolutionElement.Column(d.Solutions, d.SolutionWidth, s)));
        for (int f = 0; f < d.FeatureDim; f++) columns.Add(new DoubleDataFrameColumn(EliteTableColumns.Feature(f), SolutionElement.Column(d.Features, d.FeatureDim, f)));
        foreach (var column in table.MetadataColumns)
        {
            columns.Add(column.Kind switch
            {
                EliteColumnKind.Double => new DoubleDataFrameColumn(column.Name, column.Doubles),
                EliteColumnKind.Int64 => new Int64DataFrameColumn(column.Name, column.Integers),
                _ => new StringDataFrameColumn(column.Name, column.Texts),
            });
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// A data frame with the columns of <see cref="ToDataFrame{T}"/> as an elite table: <c>index</c>
    /// and <c>objective</c> are required, <c>threshold</c> is NaN when absent, <c>measures_*</c>,
    /// <c>solution_*</c> and <c>features_*</c> are counted from 0, and every other column becomes
    /// metadata (floating point as double, integers as int64, strings as text).
    /// </summary>
    /// <param name="frame">The data frame.</param>
    /// <param name="measureNames">One name per measure; null for <c>measures_0</c>, ….</param>
    /// <exception cref="ArgumentException">A required column is missing, has another type, or holds a null; the message names it.</exception>
    public static EliteTable<T> ToEliteTable<T>(this DataFrame frame, IReadOnlyList<string>? measureNames = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        SolutionElement.Check<T>();
        var names = frame.Columns.Select(c => c.Name).ToArray();
        int n = checked((int)frame.Rows.Count);
        int measureDim = EliteTableColumns.CountPrefixed(names, EliteTableColumns.MeasurePrefix);
        int width = EliteTableColumns.CountPrefixed(names, EliteTableColumns.SolutionPrefix);
        int featureDim = EliteTableColumns.CountPrefixed(names, EliteTableColumns.FeaturePrefix);

        int[] index = Values<int>(frame, EliteTableColumns.Index, n);
        double[] objective = Values<double>(frame, EliteTableColumns.Objective, n);
        double[] threshold = names.Contains(EliteTableColumns.Threshold) ? Values<double>(frame, EliteTableColumns.Threshold, n) : Enumerable.Repeat(double.NaN, n).ToArray();
        var measures = new double[n * measureDim];
        for (int m = 0; m < measureDim; m++) Scatter(Values<double>(frame, EliteTableColumns.Measure(m), n), measures, measureDim, m);
        var solutions = new T[n * width];
        for (int s = 0; s < width; s++) Scatter(Values<T>(frame, EliteTableColumns.Solution(s), n), solutions, width, s);
        var features = new double[n * featureDim];
        for (int f = 0; f < featureDim; f++) Scatter(Values<double>(frame, EliteTableColumns.Feature(f), n), features, featureDim, f);

        var fixedNames = new HashSet<string>([EliteTableColumns.Index, EliteTableColumns.Objective, EliteTableColumns.Threshold,
            .. Enumerable.Range(0, measureDim).Select(EliteTableColumns.Measure), .. Enumerable.Range(0, width).Select(EliteTableColumns.Solution),
            .. Enumerable.Range(0, featureDim).Select(EliteTableColumns.Feature)]);
        var metadata = frame.Columns.Where(c => !fixedNames.Contains(c.Name)).Select(c => Metadata(c, n)).ToArray();
        var data = new ArchiveData<T>(index, objective, threshold, measures, measureDim, solutions, width, features, featureDim);
        return new EliteTable<T>(data, measureNames, metadata);
    }

    private static DataFrameColumn SolutionColumn<T>(string name, T[] values) => values switch
    {
        double[] v => new DoubleDataFrameColumn(name, v),
        float[] v => new SingleDataFrameColumn(name, v),
        int[] v => new Int32DataFrameColumn(name, v),
        long[] v => new Int64DataFrameColumn(name, v),
        bool[] v => new BooleanDataFrameColumn(name, v),
        string[] v => new StringDataFrameColumn(name, v),
        _ => throw new NotSupportedException($"solutions of type {typeof(T).Name} have no data frame column."),
    };

    private static T[] Values<T>(DataFrame frame, string name, int n)
    {
        int at = frame.Columns.IndexOf(name);
        if (at < 0) throw new ArgumentException($"the data frame has no column '{name}'.", nameof(frame));
        var column = frame.Columns[at];
        if (column.DataType != typeof(T))
            throw new ArgumentException($"column '{name}' holds {column.DataType.Name} values, not {typeof(T).Name}.", nameof(frame));
        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            object? value = column[i];
            if (value is null && typeof(T) != typeof(string))
                throw new ArgumentException($"column '{name}' is null in row {i}.", nameof(frame));
            values[i] = (T)value!;
        }
        return values;
    }

    private static void Scatter<T>(T[] column, T[] target, int width, int offset)
    {
        for (int r = 0; r < column.Length; r++) target[r * width + offset] = column[r];
    }

    private static EliteColumn Metadata(DataFrameColumn column, int n)
    {
        object?[] values = Enumerable.Range(0, n).Select(i => column[i]).ToArray();
        Type type = column.DataType;
        if (type == typeof(string)) return EliteColumn.Of(column.Name, values.Select(v => (string?)v).ToArray());
        if (type == typeof(double) || type == typeof(float))
            return EliteColumn.Of(column.Name, values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint))
        {
            int missing = Array.IndexOf(values, null);
            if (missing >= 0) throw new ArgumentException($"column '{column.Name}' is null in row {missing}; an integer metadata column needs a value in every row.", nameof(column));
            return EliteColumn.Of(column.Name, values.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        throw new ArgumentException($"column '{column.Name}' holds {type.Name} values; metadata columns hold numbers, integers or strings.", nameof(column));
    }
}

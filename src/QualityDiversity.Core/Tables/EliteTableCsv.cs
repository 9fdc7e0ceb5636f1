using System.Globalization;
using System.Text;
using QualityDiversity.Export;
using QualityDiversity.Persistence;

namespace QualityDiversity.Tables;

/// <summary>
/// Writes elite tables as CSV: a header of <see cref="EliteTable{T}.ColumnNames"/>, one line per
/// elite; numbers in invariant culture and round-trip form, text quoted when it needs to be,
/// missing text empty, <c>\n</c> line ends.
/// </summary>
public static class EliteTableCsv
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>, replacing it atomically.</summary>
    public static void WriteCsv<T>(this EliteTable<T> table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, ToCsv(table));
    }

    /// <summary>The CSV text of <paramref name="table"/>.</summary>
    public static string ToCsv<T>(this EliteTable<T> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        text.Append(string.Join(',', table.ColumnNames.Select(CsvText.Quote))).Append('\n');
        var d = table.Data;
        var fields = new List<string>();
        for (int row = 0; row < d.Count; row++)
        {
            fields.Clear();
            fields.Add(d.Index[row].ToString(CultureInfo.InvariantCulture));
            fields.Add(CsvText.FormatDouble(d.Objective[row]));
            fields.Add(CsvText.FormatDouble(d.Threshold[row]));
            foreach (double m in d.MeasuresOf(row)) fields.Add(CsvText.FormatDouble(m));
            foreach (T x in d.SolutionOf(row)) fields.Add(Format(x));
            foreach (double f in d.FeaturesOf(row)) fields.Add(CsvText.FormatDouble(f));
            foreach (var column in table.MetadataColumns)
            {
                fields.Add(column.Kind switch
                {
                    EliteColumnKind.Double => CsvText.FormatDouble(column.Doubles[row]),
                    EliteColumnKind.Int64 => column.Integers[row].ToString(CultureInfo.InvariantCulture),
                    _ => column.Texts[row] is { } s ? CsvText.Quote(s) : string.Empty,
                });
            }
            text.Append(string.Join(',', fields)).Append('\n');
        }
        return text.ToString();
    }

    private static string Format<T>(T value) => value switch
    {
        double x => CsvText.FormatDouble(x),
        float x => x.ToString("R", CultureInfo.InvariantCulture),
        null => string.Empty,
        IFormattable f => CsvText.Quote(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => CsvText.Quote(value.ToString() ?? string.Empty),
    };
}

using System.Globalization;

namespace QualityDiversity.Experiments;

/// <summary>
/// A run's <c>metrics.csv</c> as columns of numbers, by name: <c>iteration</c>, <c>qd_score</c>,
/// <c>coverage</c> (a fraction) and the rest for vector searches; <c>step</c>, <c>qd_score</c>,
/// <c>llm_calls</c>, <c>cost</c> and the rest for text searches. Empty fields read as NaN; a last
/// line cut short by a killed process is ignored.
/// </summary>
public sealed class MetricsTable
{
    private readonly Dictionary<string, double[]> _columns;

    private MetricsTable(IReadOnlyList<string> names, Dictionary<string, double[]> columns, int rows)
    {
        Columns = names;
        _columns = columns;
        RowCount = rows;
    }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The values of column <paramref name="name"/>, one per row.</summary>
    /// <exception cref="KeyNotFoundException">The table has no such column; the message lists those it has.</exception>
    public IReadOnlyList<double> this[string name] =>
        _columns.TryGetValue(name, out var values) ? values
            : throw new KeyNotFoundException($"metrics have no column '{name}'; they have {string.Join(", ", Columns)}.");

    /// <summary>Whether the table has column <paramref name="name"/>.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>Reads the metrics file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file has no header, or a row other than the last is malformed; the message names file and line.</exception>
    public static MetricsTable Read(string path)
    {
        string[] lines = File.ReadAllText(path).Split('\n');
        string header = lines[0].TrimEnd('\r');
        if (header.Length == 0) throw new InvalidDataException($"{path}: the first line should be a header of column names but is empty.");
        string[] names = header.Split(',');
        var rows = new List<double[]>();
        int last = lines.Length - 1;
        while (last > 0 && lines[last].TrimEnd('\r').Length == 0) last--;
        for (int i = 1; i <= last; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (TryParse(line, names.Length, out var row)) rows.Add(row);
            else if (i != last) throw new InvalidDataException($"{path}, line {i + 1}: expected {names.Length} numeric fields ({header}).");
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            var values = new double[rows.Count];
            for (int r = 0; r < rows.Count; r++) values[r] = rows[r][c];
            columns[names[c]] = values;
        }
        return new MetricsTable(names, columns, rows.Count);
    }

    private static bool TryParse(string line, int width, out double[] row)
    {
        string[] fields = line.Split(',');
        row = new double[width];
        if (fields.Length != width) return false;
        for (int k = 0; k < width; k++)
        {
            if (fields[k].Length == 0) row[k] = double.NaN;
            else if (!double.TryParse(fields[k], NumberStyles.Float, CultureInfo.InvariantCulture, out row[k])) return false;
        }
        return true;
    }
}

using System.Globalization;

namespace QualityDiversity.Export;

/// <summary>Column positions of an archive CSV file, recovered from its header.</summary>
internal sealed class ArchiveCsvLayout
{
    private readonly int _index;
    private readonly int _objective;
    private readonly int _threshold;
    private readonly int[] _measures;
    private readonly int[] _solution;
    private readonly int _columns;

    private ArchiveCsvLayout(int columns, int index, int objective, int threshold, int[] measures, int[] solution)
    {
        _columns = columns;
        _index = index;
        _objective = objective;
        _threshold = threshold;
        _measures = measures;
        _solution = solution;
    }

    public int MeasureDim => _measures.Length;

    public int SolutionWidth => _solution.Length;

    public bool HasThreshold => _threshold >= 0;

    public static ArchiveCsvLayout FromHeader(IReadOnlyList<string> header)
    {
        int index = -1, objective = -1, threshold = -1;
        var measures = new SortedDictionary<int, int>();
        var solution = new SortedDictionary<int, int>();
        for (int c = 0; c < header.Count; c++)
        {
            string name = header[c].Trim();
            if (name == ArchiveCsv.IndexColumn) index = c;
            else if (name == ArchiveCsv.ObjectiveColumn) objective = c;
            else if (name == ArchiveCsv.ThresholdColumn) threshold = c;
            else if (TryNumbered(name, ArchiveCsv.MeasurePrefix, out int m)) measures[m] = c;
            else if (TryNumbered(name, ArchiveCsv.SolutionPrefix, out int s)) solution[s] = c;
        }
        if (index < 0) throw new InvalidDataException($"Line 1: the header has no '{ArchiveCsv.IndexColumn}' column.");
        if (objective < 0) throw new InvalidDataException($"Line 1: the header has no '{ArchiveCsv.ObjectiveColumn}' column.");
        return new ArchiveCsvLayout(header.Count, index, objective, threshold,
            Consecutive(measures, ArchiveCsv.MeasurePrefix), Consecutive(solution, ArchiveCsv.SolutionPrefix));
    }

    public ArchiveCsvRow<T> ParseRow<T>(List<string> fields, int line, Func<string, T> parseElement)
    {
        if (fields.Count != _columns)
            throw new InvalidDataException($"Line {line}: expected {_columns} fields, found {fields.Count}.");
        if (!int.TryParse(fields[_index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int slot))
            throw new InvalidDataException($"Line {line}: index '{fields[_index]}' is not an integer.");
        double objective = Number(fields, _objective, line, ArchiveCsv.ObjectiveColumn);
        double threshold = _threshold >= 0 ? Number(fields, _threshold, line, ArchiveCsv.ThresholdColumn) : double.NaN;
        var measures = new double[_measures.Length];
        for (int j = 0; j < measures.Length; j++) measures[j] = Number(fields, _measures[j], line, ArchiveCsv.MeasurePrefix + j);
        var solution = new T[_solution.Length];
        for (int j = 0; j < solution.Length; j++)
        {
            try
            {
                solution[j] = parseElement(fields[_solution[j]]);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"Line {line}: {ArchiveCsv.SolutionPrefix}{j}: {e.Message}", e);
            }
        }
        return new ArchiveCsvRow<T>(slot, objective, measures, threshold, solution);
    }

    private static double Number(List<string> fields, int column, int line, string name) =>
        CsvText.TryParseDouble(fields[column], out double value)
            ? value
            : throw new InvalidDataException($"Line {line}: {name} '{fields[column]}' is not a number.");

    private static bool TryNumbered(string name, string prefix, out int number)
    {
        number = -1;
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static int[] Consecutive(SortedDictionary<int, int> columns, string prefix)
    {
        var result = new int[columns.Count];
        int expected = 0;
        foreach (var (number, column) in columns)
        {
            if (number != expected) throw new InvalidDataException($"Line 1: column {prefix}{expected} is missing.");
            result[expected++] = column;
        }
        return result;
    }
}

using System.Globalization;
using System.Text;
using QualityDiversity.Export;
using QualityDiversity.Persistence;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Output;

/// <summary>
/// The <c>metrics.csv</c> format: a header and one row per logged iteration; invariant culture,
/// round-trip doubles, <c>\n</c> line ends.
/// </summary>
internal static class MetricsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "iteration,evaluations,qd_score,norm_qd_score,coverage,max_objective,mean_objective,elapsed_seconds";

    private const int Columns = 8;

    /// <summary>The row (without line end) for <paramref name="report"/>.</summary>
    public static string FormatRow(in IterationReport report)
    {
        var s = report.Statistics;
        return string.Join(',',
            report.Iteration.ToString(CultureInfo.InvariantCulture),
            report.Evaluations.ToString(CultureInfo.InvariantCulture),
            CsvText.FormatDouble(s.QdScore),
            CsvText.FormatDouble(s.NormalizedQdScore),
            CsvText.FormatDouble(s.Coverage),
            CsvText.FormatDouble(s.MaxObjective),
            CsvText.FormatDouble(s.MeanObjective),
            CsvText.FormatDouble(report.Elapsed.TotalSeconds));
    }

    /// <summary>
    /// Reads the rows of <paramref name="path"/>. A malformed last line (a row cut short when the
    /// process was killed) is ignored.
    /// </summary>
    /// <exception cref="InvalidDataException">The header is wrong or a row other than the last is malformed.</exception>
    public static IReadOnlyList<MetricsRow> Read(string path)
    {
        string[] lines = File.ReadAllText(path).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
            throw new InvalidDataException($"{path}: the first line is not the metrics header '{Header}'.");
        var rows = new List<MetricsRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (TryParse(line, out var row))
            {
                rows.Add(row);
                continue;
            }
            bool last = lines.Skip(i + 1).All(l => l.Trim().Length == 0);
            if (!last) throw new InvalidDataException($"{path}: line {i + 1} is not a metrics row.");
        }
        return rows;
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> atomically with only the rows up to and including
    /// <paramref name="iteration"/> (and no cut-short row), so that a resumed run appends to exactly
    /// the rows of its checkpoint. A missing file becomes a file with the header only.
    /// </summary>
    public static void TruncateAfter(string path, int iteration)
    {
        var text = new StringBuilder(Header).Append('\n');
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllText(path).Split('\n').Skip(1))
            {
                string trimmed = line.TrimEnd('\r');
                if (TryParse(trimmed, out var row) && row.Iteration <= iteration) text.Append(trimmed).Append('\n');
            }
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static bool TryParse(string line, out MetricsRow row)
    {
        row = null!;
        string[] f = line.Split(',');
        if (f.Length != Columns) return false;
        if (!int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int iteration)) return false;
        if (!long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long evaluations)) return false;
        var v = new double[6];
        for (int i = 0; i < v.Length; i++)
        {
            if (!CsvText.TryParseDouble(f[i + 2], out v[i])) return false;
        }
        row = new MetricsRow(iteration, evaluations, v[0], v[1], v[2], v[3], v[4], v[5]);
        return true;
    }
}

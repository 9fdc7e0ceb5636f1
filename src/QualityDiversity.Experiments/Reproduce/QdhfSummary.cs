using System.Globalization;
using System.Text;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// The summary table of a reproduction: per method, mean ± sample standard deviation over trials
/// of the final QD score and coverage of "archive solutions" and "all solutions", the final
/// learned-measure validation accuracy and the time per trial. Written as markdown and CSV.
/// </summary>
internal sealed class QdhfSummary
{
    private readonly IReadOnlyList<Row> _rows;

    private QdhfSummary(IReadOnlyList<Row> rows) => _rows = rows;

    /// <summary>One method's aggregated row.</summary>
    public sealed record Row(QdhfMethod Method, int Trials, Stat ArchiveQd, Stat ArchiveCoverage, Stat AllQd, Stat AllCoverage, Stat? Accuracy, Stat Seconds);

    /// <summary>Mean and sample standard deviation.</summary>
    public readonly record struct Stat(double Mean, double Std)
    {
        /// <summary>Aggregates <paramref name="values"/> (std is 0 for a single value).</summary>
        public static Stat Of(IReadOnlyList<double> values)
        {
            double mean = values.Average();
            double ss = values.Sum(v => (v - mean) * (v - mean));
            return new Stat(mean, values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0);
        }

        /// <summary>"mean ± std" with <paramref name="decimals"/> decimals.</summary>
        public string Format(int decimals = 2) =>
            string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString("F" + decimals, CultureInfo.InvariantCulture)} ± {Std.ToString("F" + decimals, CultureInfo.InvariantCulture)}");
    }

    /// <summary>The rows, in method order.</summary>
    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>Aggregates the trials of each method (methods without trials are left out).</summary>
    public static QdhfSummary From(IEnumerable<QdhfTrialResult> results)
    {
        var rows = results.GroupBy(r => r.Method)
            .OrderBy(g => QdhfMethod.All.ToList().FindIndex(m => m.Id == g.Key.Id))
            .Select(g =>
            {
                var trials = g.OrderBy(r => r.Trial).ToArray();
                var accuracies = trials.Select(t => t.FinalAccuracy).OfType<double>().ToArray();
                return new Row(g.Key, trials.Length,
                    Stat.Of(trials.Select(t => t.Final.ArchiveQdScore).ToArray()),
                    Stat.Of(trials.Select(t => t.Final.ArchiveCoverage).ToArray()),
                    Stat.Of(trials.Select(t => t.Final.AllQdScore).ToArray()),
                    Stat.Of(trials.Select(t => t.Final.AllCoverage).ToArray()),
                    accuracies.Length > 0 ? Stat.Of(accuracies) : null,
                    Stat.Of(trials.Select(t => t.Seconds).ToArray()));
            })
            .ToArray();
        return new QdhfSummary(rows);
    }

    /// <summary>The markdown table, preceded by <paramref name="title"/> and <paramref name="notes"/> lines.</summary>
    public string ToMarkdown(string title, IEnumerable<string> notes)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n");
        foreach (string note in notes) text.Append("- ").Append(note).Append('\n');
        text.Append('\n');
        text.Append("| Method | Trials | QD score (archive) | Coverage % (archive) | QD score (all) | Coverage % (all) | Judgment accuracy | Seconds per trial |\n");
        text.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var r in _rows)
        {
            text.Append("| ").Append(r.Method.Name)
                .Append(" | ").Append(r.Trials.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(r.ArchiveQd.Format())
                .Append(" | ").Append(r.ArchiveCoverage.Format())
                .Append(" | ").Append(r.AllQd.Format())
                .Append(" | ").Append(r.AllCoverage.Format())
                .Append(" | ").Append(r.Accuracy is { } a ? a.Format(3) : "—")
                .Append(" | ").Append(r.Seconds.Format(2))
                .Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>The CSV form: one row per method with means and standard deviations.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder("method,trials,archive_qd_mean,archive_qd_std,archive_coverage_mean,archive_coverage_std,all_qd_mean,all_qd_std,all_coverage_mean,all_coverage_std,accuracy_mean,accuracy_std,seconds_mean\n");
        string F(double v) => QualityDiversity.Export.CsvText.FormatDouble(v);
        foreach (var r in _rows)
        {
            text.Append(string.Join(',', r.Method.Id, r.Trials.ToString(CultureInfo.InvariantCulture),
                F(r.ArchiveQd.Mean), F(r.ArchiveQd.Std), F(r.ArchiveCoverage.Mean), F(r.ArchiveCoverage.Std),
                F(r.AllQd.Mean), F(r.AllQd.Std), F(r.AllCoverage.Mean), F(r.AllCoverage.Std),
                r.Accuracy is { } a ? F(a.Mean) : "", r.Accuracy is { } b ? F(b.Std) : "", F(r.Seconds.Mean))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes <c>summary.md</c> and <c>summary.csv</c> into <paramref name="directory"/> atomically.</summary>
    public void Write(string directory, string title, IEnumerable<string> notes)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.md"), ToMarkdown(title, notes));
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.csv"), ToCsv());
    }
}

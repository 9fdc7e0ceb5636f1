using System.Globalization;
using QualityDiversity.Export;

namespace QualityDiversity.Cli.Text;

/// <summary>One finished trial of a text-search comparison, read back from its run directory.</summary>
/// <param name="Variation">The variation compared.</param>
/// <param name="Trial">Trial index (the seed offset).</param>
/// <param name="QdScore">Final QD score.</param>
/// <param name="Coverage">Final coverage in [0, 1].</param>
/// <param name="Proposed">Texts proposed.</param>
/// <param name="Failed">Texts that failed.</param>
/// <param name="ModelCalls">Paid model calls (0 offline).</param>
/// <param name="Curve">QD score per step.</param>
internal sealed record TextTrialResult(string Variation, int Trial, double QdScore, double Coverage, long Proposed, long Failed, long ModelCalls,
    IReadOnlyList<(int Step, double QdScore)> Curve)
{
    /// <summary>The result of the run in <paramref name="directory"/> if it has finished <paramref name="steps"/> steps.</summary>
    public static TextTrialResult? TryRead(string directory, string variation, int trial, int steps)
    {
        string metrics = Path.Combine(directory, "metrics.csv");
        if (!File.Exists(metrics)) return null;
        var lines = File.ReadAllLines(metrics);
        if (lines.Length < 2) return null;
        var last = lines[^1].Split(',');
        var c = CultureInfo.InvariantCulture;
        if (!int.TryParse(last[0], NumberStyles.Integer, c, out int step) || step < steps) return null;
        CsvText.TryParseDouble(last[5], out double qd);
        CsvText.TryParseDouble(last[4], out double coverage);
        var curve = TextMetricsCsv.Read(metrics).Select(r => (r.Step, r.QdScore)).ToArray();
        return new TextTrialResult(variation, trial, qd, coverage, long.Parse(last[1], c), long.Parse(last[2], c), long.Parse(last[7], c), curve);
    }
}

/// <summary>Mean and sample standard deviation per variation, as a Markdown table and CSV.</summary>
internal static class TextComparisonSummary
{
    public static (string Markdown, string Csv) Render(IReadOnlyList<TextTrialResult> results, IReadOnlyList<string> order)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new List<string> { "| Variation | Trials | QD score | Coverage | Failed texts | Model calls |", "|---|---|---|---|---|---|" };
        var csv = new List<string> { "variation,trials,qd_score_mean,qd_score_std,coverage_mean,coverage_std,failed_mean,model_calls_mean" };
        foreach (string variation in order)
        {
            var rows = results.Where(r => r.Variation == variation).ToList();
            if (rows.Count == 0) continue;
            var (qd, qdStd) = MeanStd(rows.Select(r => r.QdScore));
            var (cov, covStd) = MeanStd(rows.Select(r => r.Coverage * 100));
            double failed = rows.Average(r => (double)r.Failed), calls = rows.Average(r => (double)r.ModelCalls);
            md.Add(string.Create(c, $"| {variation} | {rows.Count} | {qd:0.00} ± {qdStd:0.00} | {cov:0.0} ± {covStd:0.0}% | {failed:0.#} | {calls:0} |"));
            csv.Add(string.Create(c, $"{variation},{rows.Count},{CsvText.FormatDouble(qd)},{CsvText.FormatDouble(qdStd)},{CsvText.FormatDouble(cov / 100)},{CsvText.FormatDouble(covStd / 100)},{CsvText.FormatDouble(failed)},{CsvText.FormatDouble(calls)}"));
        }
        return (string.Join("\n", md) + "\n", string.Join("\n", csv) + "\n");
    }

    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        double std = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (mean, std);
    }
}

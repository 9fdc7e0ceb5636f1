using System.Globalization;
using QualityDiversity.Export;

namespace QualityDiversity.Experiments.Text;

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

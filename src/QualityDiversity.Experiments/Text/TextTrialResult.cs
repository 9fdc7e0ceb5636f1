using System.Globalization;
using QualityDiversity.Export;

namespace QualityDiversity.Experiments.Text;

/// <summary>One finished trial of a text-search comparison, read back from its run directory.</summary>
/// <param name="Variation">The variation compared.</param>
/// <param name="Trial">Trial index (the seed offset).</param>
/// <param name="QdScore">Final QD score.</param>
/// <param name="Coverage">Final coverage in [0, 1].</param>
/// <param name="Proposed">Texts proposed.</param>
/// <param name="Failed">Texts that failed.</param>
/// <param name="ModelCalls">Paid model calls (0 offline).</param>
/// <param name="Curve">QD score per step.</param>
public sealed record TextTrialResult(string Variation, int Trial, double QdScore, double Coverage, long Proposed, long Failed, long ModelCalls,
    IReadOnlyList<(int Step, double QdScore)> Curve)
{
    /// <summary>The result of the run in <paramref name="directory"/> if it has finished <paramref name="steps"/> steps.</summary>
    internal static TextTrialResult? TryRead(string directory, string variation, int trial, int steps)
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

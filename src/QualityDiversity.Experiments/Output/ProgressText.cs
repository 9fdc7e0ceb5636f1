using System.Globalization;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Output;

/// <summary>Compact, culture-independent renderings of progress numbers.</summary>
internal static class ProgressText
{
    /// <summary>A one-line summary: iteration, evaluations, QD score, coverage, evaluation rate.</summary>
    public static string Summary(in IterationReport report) => string.Create(CultureInfo.InvariantCulture,
        $"iteration {report.Iteration}/{report.TotalIterations}  evals {report.Evaluations:N0}  QD score {Number(report.Statistics.QdScore)}  coverage {Percent(report.Statistics.Coverage)}  {Rate(report.EvaluationsPerSecond)} evals/s");

    /// <summary>A number with about four significant digits.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "-";
        double magnitude = Math.Abs(value);
        return magnitude >= 1e6 || (magnitude < 1e-2 && magnitude > 0)
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("#,0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a percentage with one decimal.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A rate such as 12.3k.</summary>
    public static string Rate(double perSecond) => perSecond switch
    {
        >= 1e6 => (perSecond / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (perSecond / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k",
        >= 1e3 => (perSecond / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k",
        _ => perSecond.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A duration such as 1.23 s or 2 min 05 s.</summary>
    public static string Duration(TimeSpan elapsed) => elapsed.TotalSeconds < 60
        ? elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s");
}

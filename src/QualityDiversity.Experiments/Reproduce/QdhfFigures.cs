using QualityDiversity.Plotting;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// Comparison curves of a reproduction: per method, the mean over trials of the ground-truth QD
/// score and coverage of archive solutions and of all solutions, against iterations, with a band
/// of ± one standard deviation over the trials.
/// </summary>
internal static class QdhfFigures
{
    /// <summary>File name (without extension) of the comparison figure.</summary>
    public const string ComparisonName = "comparison";

    /// <summary>The curves' data; methods whose trials were scored at different iterations are aligned on the common ones.</summary>
    public static MetricCurvesData Comparison(IReadOnlyList<QdhfTrialResult> results, string? protocol = null)
    {
        var iterations = results.Select(r => r.Scores.Select(s => s.Iteration).ToHashSet())
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order().ToArray();
        if (iterations.Length == 0) throw new InvalidOperationException("The trials share no scored iteration to plot.");
        var series = new List<MetricSeries>();
        var trials = new SortedSet<int>();
        foreach (var group in results.GroupBy(r => r.Method).OrderBy(g => QdhfMethod.All.ToList().FindIndex(m => m.Id == g.Key.Id)))
        {
            List<double[]> Runs(Func<Learning.Search.GroundTruthScore, double> pick) => group
                .Select(r => iterations.Select(it => pick(r.Scores.First(s => s.Iteration == it))).ToArray())
                .ToList();
            string name = group.Key.Name;
            trials.Add(group.Count());
            series.Add(MetricSeries.MeanOf(name, Runs(s => s.ArchiveQdScore)) with { Panel = ArchiveQdPanel });
            series.Add(MetricSeries.MeanOf(name, Runs(s => s.ArchiveCoverage)) with { Panel = ArchiveCoveragePanel });
            series.Add(MetricSeries.MeanOf(name, Runs(s => s.AllQdScore)) with { Panel = AllQdPanel });
            series.Add(MetricSeries.MeanOf(name, Runs(s => s.AllCoverage)) with { Panel = AllCoveragePanel });
        }
        string count = trials.Count == 1 ? $"{trials.Min} trials" : $"{trials.Min}–{trials.Max} trials";
        return new MetricCurvesData(iterations.Select(i => (double)i).ToArray(), series)
        {
            XLabel = "iterations",
            Title = $"{(protocol is null ? "QDHF comparison" : protocol)}: mean ± std over {count} per method, in ground-truth measures",
            YLabels = new Dictionary<string, string>
            {
                [ArchiveQdPanel] = "QD score / cells",
                [ArchiveCoveragePanel] = "cells filled (%)",
                [AllQdPanel] = "QD score / cells",
                [AllCoveragePanel] = "cells filled (%)",
            },
        };
    }

    /// <summary>Panel of the archive solutions' ground-truth QD score.</summary>
    public const string ArchiveQdPanel = "QD score (archive solutions)";

    /// <summary>Panel of the archive solutions' ground-truth coverage.</summary>
    public const string ArchiveCoveragePanel = "coverage % (archive solutions)";

    /// <summary>Panel of all solutions' ground-truth QD score.</summary>
    public const string AllQdPanel = "QD score (all solutions)";

    /// <summary>Panel of all solutions' ground-truth coverage.</summary>
    public const string AllCoveragePanel = "coverage % (all solutions)";

    /// <summary>Writes the comparison figure as PNG (and SVG when asked) into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<QdhfTrialResult> results, bool svg, string? protocol = null)
    {
        var figure = MetricFigures.Curves(Comparison(results, protocol));
        var paths = new List<string> { Path.Combine(directory, ComparisonName + ".png") };
        FigureFile.Save(figure, paths[0], FigureFormat.Png, 1400, 1000);
        if (svg)
        {
            paths.Add(Path.Combine(directory, ComparisonName + ".svg"));
            FigureFile.Save(figure, paths[1], FigureFormat.Svg, 1400, 1000);
        }
        return paths;
    }
}

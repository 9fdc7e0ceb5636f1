using QualityDiversity.Plotting;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// Comparison curves of a reproduction: per method, the mean over trials of the ground-truth QD
/// score and coverage of archive solutions and of all solutions, against iterations.
/// </summary>
internal static class QdhfFigures
{
    /// <summary>File name (without extension) of the comparison figure.</summary>
    public const string ComparisonName = "comparison";

    /// <summary>The curves' data; methods whose trials were scored at different iterations are aligned on the common ones.</summary>
    public static MetricCurvesData Comparison(IReadOnlyList<QdhfTrialResult> results)
    {
        var iterations = results.Select(r => r.Scores.Select(s => s.Iteration).ToHashSet())
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order().ToArray();
        if (iterations.Length == 0) throw new InvalidOperationException("The trials share no scored iteration to plot.");
        var series = new List<MetricSeries>();
        foreach (var group in results.GroupBy(r => r.Method).OrderBy(g => QdhfMethod.All.ToList().FindIndex(m => m.Id == g.Key.Id)))
        {
            double[] Mean(Func<Learning.Search.GroundTruthScore, double> pick) => iterations
                .Select(it => group.Average(r => pick(r.Scores.First(s => s.Iteration == it))))
                .ToArray();
            string name = group.Key.Name;
            series.Add(new MetricSeries(name, Mean(s => s.ArchiveQdScore)) { Panel = "QD score (archive solutions)" });
            series.Add(new MetricSeries(name, Mean(s => s.ArchiveCoverage)) { Panel = "coverage % (archive solutions)" });
            series.Add(new MetricSeries(name, Mean(s => s.AllQdScore)) { Panel = "QD score (all solutions)" });
            series.Add(new MetricSeries(name, Mean(s => s.AllCoverage)) { Panel = "coverage % (all solutions)" });
        }
        return new MetricCurvesData(iterations.Select(i => (double)i).ToArray(), series) { XLabel = "iterations" };
    }

    /// <summary>Writes the comparison figure as PNG (and SVG when asked) into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<QdhfTrialResult> results, bool svg)
    {
        var figure = MetricFigures.Curves(Comparison(results));
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

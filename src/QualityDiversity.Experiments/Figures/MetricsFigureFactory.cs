using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Reproduce;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Learning.Search;
using QualityDiversity.Plotting;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>
/// The metric curves of a run. A plain search: QD score, normalised QD score, coverage and
/// objectives of its archive against evaluations. A learned-measure search: the ground-truth
/// scores (which the console reports), the coverage of the search archive in its learned
/// measures, which falls at each refit, and a marker at every refit.
/// </summary>
internal static class MetricsFigureFactory
{
    /// <summary>Panel of the ground-truth QD scores of a learned-measure search.</summary>
    public const string GroundTruthQdPanel = "QD score, ground-truth measures";

    /// <summary>Panel of the ground-truth coverage of a learned-measure search.</summary>
    public const string GroundTruthCoveragePanel = "coverage, ground-truth measures";

    /// <summary>Panel of the search archive's coverage in its learned measures.</summary>
    public const string LearnedCoveragePanel = "coverage, learned measures";

    /// <summary>
    /// The metric curves of a run directory as <c>metrics.png</c> shows them (ground-truth curves
    /// with refit markers for a learned-measure search, the metrics rows otherwise) and the height
    /// to draw them at; null when the run has nothing to plot yet.
    /// </summary>
    public static (TitledMultiplot Figure, int Height)? ForRun(RunDirectory directory, SearchConfig config, IReadOnlyList<MetricsRow> rows)
    {
        string scoresPath = directory.File(LearnedRunSession.GroundTruthFile);
        if (config.Measures is not null && File.Exists(scoresPath))
        {
            var scores = QdhfTrialFiles.ReadScores(scoresPath, out _);
            string updatesPath = directory.File(LearnedRunSession.UpdatesFile);
            var updates = File.Exists(updatesPath) ? QdhfTrialFiles.ReadUpdates(updatesPath) : [];
            return scores.Count > 0 ? (CreateLearned(scores, rows, updates, config), 1000) : null;
        }
        return rows.Count > 0 ? (Create(rows, config), 900) : null;
    }

    /// <summary>Builds the figure from the rows of <c>metrics.csv</c> (at least one).</summary>
    public static TitledMultiplot Create(IReadOnlyList<MetricsRow> rows, SearchConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var data = MetricCurvesData.Standard(
            rows.Select(r => (double)r.Evaluations).ToArray(),
            qdScore: rows.Select(r => r.QdScore).ToArray(),
            normalizedQdScore: rows.Select(r => r.NormQdScore).ToArray(),
            coverageFraction: rows.Select(r => r.Coverage).ToArray(),
            maxObjective: rows.Select(r => r.MaxObjective).ToArray(),
            meanObjective: rows.Select(r => r.MeanObjective).ToArray());
        string which = config.ResultArchive is null ? "archive" : "result archive";
        double offset = config.ReportedArchive.QdScoreOffset;
        return MetricFigures.Curves(data with
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"{config.Name}: metrics of the {which} (QD-score offset {offset:G6})"),
        });
    }

    /// <summary>
    /// Builds a learned-measure search's figure from its <c>ground_truth.csv</c> scores (at least
    /// one), its <c>metrics.csv</c> rows and its <c>updates.csv</c> refits, against iterations.
    /// </summary>
    public static TitledMultiplot CreateLearned(IReadOnlyList<GroundTruthScore> scores, IReadOnlyList<MetricsRow> rows, IReadOnlyList<MeasureUpdate> updates, SearchConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scores.Count);
        var iterations = scores.Select(s => (double)s.Iteration).ToArray();
        // metrics.csv may log more often than the ground truth is scored: keep the scored iterations.
        var byIteration = rows.GroupBy(r => r.Iteration).ToDictionary(g => g.Key, g => g.Last());
        double[] Learned(Func<MetricsRow, double> pick) => scores.Select(s => byIteration.TryGetValue(s.Iteration, out var r) ? pick(r) : double.NaN).ToArray();
        var series = new List<MetricSeries>
        {
            new("archive solutions", scores.Select(s => s.ArchiveQdScore).ToArray()) { Panel = GroundTruthQdPanel },
            new("all solutions so far", scores.Select(s => s.AllQdScore).ToArray()) { Panel = GroundTruthQdPanel },
            new("archive solutions", scores.Select(s => s.ArchiveCoverage).ToArray()) { Panel = GroundTruthCoveragePanel },
            new("all solutions so far", scores.Select(s => s.AllCoverage).ToArray()) { Panel = GroundTruthCoveragePanel },
            new("search archive", Learned(r => r.Coverage * 100)) { Panel = LearnedCoveragePanel },
            new("best objective", scores.Select(s => s.BestObjective).ToArray()) { Panel = MetricCurvesData.ObjectivePanel },
        };
        var data = new MetricCurvesData(iterations, series)
        {
            XLabel = "iterations",
            Title = $"{config.Name}: QD score and coverage in ground-truth measures; the search archive's coverage in its learned measures",
            YLabels = new Dictionary<string, string>
            {
                [GroundTruthQdPanel] = "QD score / cells",
                [GroundTruthCoveragePanel] = "cells filled (%)",
                [LearnedCoveragePanel] = "search archive cells filled (%)",
                [MetricCurvesData.ObjectivePanel] = "objective",
            },
            Markers = updates.Select(u => (double)u.Iteration).ToArray(),
            MarkerLabel = "measure refit",
        };
        return MetricFigures.Curves(data);
    }
}

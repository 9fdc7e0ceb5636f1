using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Reproduce;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Learning.Search;
using QualityDiversity.Plotting;
using ScottPlot;
using ScottPlot.Plottables;

namespace QualityDiversity.Experiments.Tests;

/// <summary>The figures a run writes: what they show, and that drawing them again from the files gives the same picture.</summary>
public sealed class RunFigureTests
{
    private static SearchConfig Sphere() => new()
    {
        Name = "sphere",
        Seed = 3,
        Iterations = 20,
        CheckpointEvery = 10,
        Task = new TaskConfig("lp-sphere", 10),
        Archive = new GridArchiveConfig { Dims = [12, 12] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 30, X0 = new double[10] }],
    };

    [Fact]
    public async Task Redrawing_a_finished_run_from_its_files_gives_the_heatmap_drawn_from_the_live_archive()
    {
        using var scratch = new Scratch();
        using (var run = Experiment.Start(Sphere(), scratch.File("run")))
            await run.RunAsync();
        var directory = Experiment.Open(scratch.File("run"));
        byte[] live = File.ReadAllBytes(directory.File("heatmap.png"));

        directory.WriteFigures();

        Assert.Equal(live, File.ReadAllBytes(directory.File("heatmap.png")));
        using var plot = ArchiveFigureFactory.Create(Sphere(), directory.ReadArchive(), null, 20);
        Assert.StartsWith("sphere: ", plot.Axes.Title.Label.Text);
        Assert.EndsWith(", iteration 20", plot.Axes.Title.Label.Text.Replace("\n", " "));
        Assert.Equal("sum of clipped first half", plot.Axes.Bottom.Label.Text);
    }

    [Fact]
    public async Task Redrawing_with_options_applies_them_and_refuses_what_does_not_fit_by_name()
    {
        using var scratch = new Scratch();
        using (var run = Experiment.Start(Sphere(), scratch.File("run")))
            await run.RunAsync();
        var directory = Experiment.Open(scratch.File("run"));
        byte[] before = File.ReadAllBytes(directory.File("heatmap.png"));

        directory.WriteFigures(new ArchiveFigureOptions { Colormap = ColormapName.Grayscale, Min = 0, Max = 100 });
        Assert.NotEqual(before, File.ReadAllBytes(directory.File("heatmap.png")));

        var error = Assert.Throws<ArgumentException>(() => directory.WriteFigures(new ArchiveFigureOptions { MeasureNames = ["a", "b", "c"] }));
        Assert.Equal("MeasureNames", error.ParamName);
    }

    [Fact]
    public async Task A_qdhf_run_plots_ground_truth_scores_with_a_marker_at_every_refit()
    {
        var config = ExperimentConfig.Default;
        config = config with { Iterations = 40, Measures = config.Measures! with { Judgments = 200, ScoreEvery = 10 } };
        using var scratch = new Scratch();
        using (var run = Experiment.Start(config, scratch.File("qdhf")))
            await run.RunAsync();
        var directory = Experiment.Open(scratch.File("qdhf"));
        var scores = QdhfTrialFiles.ReadScores(directory.File(LearnedRunSession.GroundTruthFile), out _);
        var updates = QdhfTrialFiles.ReadUpdates(directory.File(LearnedRunSession.UpdatesFile));
        var rows = Output.MetricsCsv.Read(directory.MetricsPath);
        Assert.NotEmpty(updates);

        Multiplot figure = MetricsFigureFactory.CreateLearned(scores, rows, updates, (SearchConfig)directory.ReadConfig());

        Plot[] panels = figure.GetPlots();
        Assert.Equal([MetricsFigureFactory.GroundTruthQdPanel, MetricsFigureFactory.GroundTruthCoveragePanel, MetricsFigureFactory.LearnedCoveragePanel, "objective"],
            panels.Select(p => p.Axes.Title.Label.Text));
        Assert.Equal("QD score / cells", panels[0].Axes.Left.Label.Text);
        foreach (var panel in panels)
            Assert.Equal(updates.Select(u => (double)u.Iteration), panel.GetPlottables<VerticalLine>().Select(l => l.X));
        // The QD panel plots the ground-truth scores the console reports, not the learned archive's.
        var archiveCurve = panels[0].GetPlottables<Scatter>().First(s => s.LegendText == "archive solutions");
        Assert.Equal(scores.Select(s => s.ArchiveQdScore), archiveCurve.Data.GetScatterPoints().Select(p => p.Y));
        Assert.Contains("ground-truth measures", ((TitledMultiplot)figure).Title);

        using var heatmap = ArchiveFigureFactory.Create((SearchConfig)directory.ReadConfig(), directory.ReadArchive(), null, 40);
        Assert.Equal("arm-qdhf", heatmap.Axes.Title.Label.Text.Split(':')[0]);
        Assert.Contains("ground-truth measures, iteration 40", heatmap.Axes.Title.Label.Text.Replace("\n", " "));
    }

    [Fact]
    public void The_reproduction_comparison_draws_mean_and_std_over_trials_per_method()
    {
        QdhfTrialResult Trial(QdhfMethod method, int trial, double scale) => new(method, trial,
            [new GroundTruthScore(10, 100, 1 * scale, 2 * scale, 3 * scale, 4 * scale, 5), new GroundTruthScore(20, 200, 2 * scale, 4 * scale, 6 * scale, 8 * scale, 5)], [], 1);
        var qdhf = QdhfMethod.All.First(m => m.Id == "qdhf");
        var groundTruth = QdhfMethod.All.First(m => m.Id == "qd-gt");
        QdhfTrialResult[] results = [Trial(qdhf, 0, 1), Trial(qdhf, 1, 3), Trial(groundTruth, 0, 2), Trial(groundTruth, 1, 2)];

        var data = QdhfFigures.Comparison(results, "qdhf-arm");

        var archiveQd = data.Series.Where(s => s.PanelTitle == QdhfFigures.ArchiveQdPanel).ToArray();
        Assert.Equal([groundTruth.Name, qdhf.Name], archiveQd.Select(s => s.Name));
        Assert.Equal([2, 4], archiveQd[1].Values);
        Assert.Equal([Math.Sqrt(2), Math.Sqrt(8)], archiveQd[1].Spread!);
        Assert.Equal([0, 0], archiveQd[0].Spread!);
        Assert.Equal("qdhf-arm: mean ± std over 2 trials per method, in ground-truth measures", data.Title);
        Multiplot figure = MetricFigures.Curves(data);
        Assert.Equal(2, figure.GetPlots()[0].GetPlottables<FillY>().Count());
        Assert.Equal("QD score / cells", figure.GetPlots()[0].Axes.Left.Label.Text);
    }
}

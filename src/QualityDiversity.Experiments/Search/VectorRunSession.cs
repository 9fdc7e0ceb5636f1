using QualityDiversity.Archives;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Runs;
using QualityDiversity.Export;
using QualityDiversity.Runs;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// A vector search in its run directory: metrics.csv gets a row per logged iteration;
/// archive.csv and checkpoint.bin are written every <c>checkpoint_every</c> iterations and at the
/// end; heatmap and metric curves are drawn when the run stops.
/// </summary>
internal sealed class VectorRunSession : RunSession
{
    private readonly SearchSetup _setup;
    private MetricsLog? _metrics;

    public VectorRunSession(SearchSetup setup, RunDirectory directory, string description)
        : base(directory, description)
    {
        _setup = setup;
    }

    public SearchSetup Setup => _setup;

    public override int Completed => _setup.Runner.Iteration;

    public override int Total => _setup.Config.Iterations;

    public override string Unit => "iteration";

    public override long Evaluations => _setup.Runner.Evaluations;

    public override ArchiveStatistics Statistics => _setup.ReportedArchive.Statistics;

    public override bool CheckpointWhenStopped => true;

    public override async Task PrepareAsync(IProgressSink progress)
    {
        var runner = _setup.Runner;
        // A fresh search evaluates its initial population first; a checkpoint right after it means
        // a resumed run never evaluates it twice.
        if (_setup.InitialPopulation is { } population && runner.Iteration == 0 && runner.Evaluations == 0)
        {
            await runner.InitializeAsync(new SolutionBatch<double>(population, _setup.Task.SolutionDim)).ConfigureAwait(false);
            Checkpoint();
        }
        _metrics = MetricsLog.Open(Directory.MetricsPath, _setup.Config.MetricsEvery);
        runner.Observers.Add(_metrics);
    }

    public override async Task<IterationReport?> StepAsync(IProgressSink progress, CancellationToken cancellation)
    {
        // The step itself is not cancelled: a checkpoint needs a completed iteration.
        var report = await _setup.Runner.StepAsync(Total, CancellationToken.None).ConfigureAwait(false);
        NoteFailures(progress, report.Iteration, report.Failures, report.BatchFailed);
        return report;
    }

    public override bool CheckpointDue(in IterationReport report) =>
        _setup.Config.CheckpointEvery > 0 && report.Iteration % _setup.Config.CheckpointEvery == 0 && report.Iteration < Total;

    // archive.csv first, checkpoint last: a checkpoint on disk always has metrics rows (flushed per
    // row) up to its iteration, and figures can be drawn from archive.csv while the search runs.
    public override void Checkpoint()
    {
        ArchiveCsv.Write(_setup.ReportedArchive, Directory.ArchivePath);
        _setup.Runner.SaveCheckpoint(Directory.CheckpointPath, RunConfigurationRecord.Section(_setup.Config), MetricsDigestSection());
    }

    public override void EndSteps() => CloseMetrics();

    public override IReadOnlyList<string> WriteOutputs(bool svg)
    {
        var files = new List<string> { Directory.ConfigPath, Directory.MetricsPath, Directory.ArchivePath, Directory.CheckpointPath };
        files.AddRange(FigureWriter.WriteAll(Directory, _setup.Config, svg, _setup.ReportedArchive, iteration: Completed));
        return files;
    }

    public override IEnumerable<string> SummaryLines()
    {
        var stats = Statistics;
        yield return $"QD score {ProgressText.Number(stats.QdScore)}, coverage {ProgressText.Percent(stats.Coverage)}, " +
            $"best objective {ProgressText.Number(stats.MaxObjective)}, {stats.Elites:N0} elites.";
        if (FailedLine(_setup.Runner.FailedEvaluations) is { } failed) yield return failed;
    }

    public override void Dispose()
    {
        CloseMetrics();
        base.Dispose();
    }

    private void CloseMetrics()
    {
        if (_metrics is null) return;
        _setup.Runner.Observers.Remove(_metrics);
        _metrics.Dispose();
        _metrics = null;
    }
}

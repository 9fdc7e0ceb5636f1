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
        if (report.Failures.Count > 0 && _failureNotes++ < MaxFailureNotes)
        {
            string batch = report.BatchFailed ? "every candidate" : $"{report.Failures.Count} candidate{(report.Failures.Count == 1 ? "" : "s")}";
            progress.Note($"Iteration {report.Iteration}: {batch} failed and stayed out of the archive, e.g. {report.Failures[0]}" +
                (_failureNotes == MaxFailureNotes ? " (further failures are only counted)" : ""));
        }
        return report;
    }

    // Failures are noted as they happen, up to a limit, then counted in the summary.
    private const int MaxFailureNotes = 10;
    private int _failureNotes;

    public override bool CheckpointDue(in IterationReport report) =>
        _setup.Config.CheckpointEvery > 0 && report.Iteration % _setup.Config.CheckpointEvery == 0 && report.Iteration < Total;

    // archive.csv first, checkpoint last: a checkpoint on disk always has metrics rows (flushed per
    // row) up to its iteration, and figures can be drawn from archive.csv while the search runs.
    public override void Checkpoint()
    {
        ArchiveCsv.Write(_setup.ReportedArchive, Directory.ArchivePath);
        _setup.Runner.SaveCheckpoint(Directory.CheckpointPath);
    }

    public override void EndSteps() => CloseMetrics();

    public override IReadOnlyList<string> WriteOutputs(bool svg)
    {
        double[]? centroids = _setup.ReportedArchive is CvtArchive<double> cvt ? cvt.Centroids.ToArray() : null;
        var files = new List<string> { Directory.ConfigPath, Directory.MetricsPath, Directory.ArchivePath, Directory.CheckpointPath };
        files.AddRange(FigureWriter.WriteAll(Directory, _setup.Config, svg, centroids));
        return files;
    }

    public override IEnumerable<string> SummaryLines()
    {
        var stats = Statistics;
        yield return $"QD score {ProgressText.Number(stats.QdScore)}, coverage {ProgressText.Percent(stats.Coverage)}, " +
            $"best objective {ProgressText.Number(stats.MaxObjective)}, {stats.Elites:N0} elites.";
        if (_setup.Runner.FailedEvaluations > 0)
            yield return $"{_setup.Runner.FailedEvaluations:N0} evaluations failed (thrown, timed out or not finite) and were kept out of the archive.";
    }

    public override void Dispose() => CloseMetrics();

    private void CloseMetrics()
    {
        if (_metrics is null) return;
        _setup.Runner.Observers.Remove(_metrics);
        _metrics.Dispose();
        _metrics = null;
    }
}

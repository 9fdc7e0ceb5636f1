using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Figures;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Progress;
using QualityDiversity.Export;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cli.Search;

/// <summary>
/// Runs a built search to its configured number of iterations inside a run directory: logs
/// metrics, shows progress, writes <c>archive.csv</c> and <c>checkpoint.bin</c> every
/// <c>checkpoint_every</c> iterations and at the end, and draws the figures when it stops.
/// A cancellation request stops it after the current iteration with a checkpoint.
/// </summary>
internal sealed class SearchSession
{
    private readonly SearchSetup _setup;
    private readonly RunDirectory _directory;
    private readonly CliContext _context;
    private readonly bool _svg;

    /// <summary>Prepares a session.</summary>
    /// <param name="setup">The search, fresh or restored from a checkpoint.</param>
    /// <param name="directory">The run directory (its config.json is already written).</param>
    /// <param name="context">Output streams and cancellation.</param>
    /// <param name="svg">Whether to write SVG figures besides PNG.</param>
    public SearchSession(SearchSetup setup, RunDirectory directory, CliContext context, bool svg)
    {
        _setup = setup;
        _directory = directory;
        _context = context;
        _svg = svg;
    }

    /// <summary>Runs the search and writes its outputs.</summary>
    public async Task<SessionOutcome> RunAsync()
    {
        var runner = _setup.Runner;
        var config = _setup.Config;
        int total = config.Iterations;
        bool interrupted = false;
        var wall = Stopwatch.StartNew();
        int startIteration = runner.Iteration;

        // A fresh search evaluates its initial population first; a checkpoint right after it means
        // a resumed run never evaluates it twice.
        if (_setup.InitialPopulation is { } population && runner.Iteration == 0 && runner.Evaluations == 0)
        {
            await runner.InitializeAsync(new SolutionBatch<double>(population, _setup.Task.SolutionDim)).ConfigureAwait(false);
            Checkpoint();
        }

        using (var metrics = MetricsLog.Open(_directory.MetricsPath, config.MetricsEvery))
        {
            runner.Observers.Add(metrics);
            try
            {
                await _context.CreateProgressDisplay().RunAsync(runner.Iteration, total, async sink =>
                {
                    while (runner.Iteration < total)
                    {
                        if (_context.Cancellation.IsCancellationRequested)
                        {
                            interrupted = true;
                            break;
                        }
                        // The step itself is not cancelled: a checkpoint needs a completed iteration.
                        var report = await runner.StepAsync(total, CancellationToken.None).ConfigureAwait(false);
                        sink.Report(report);
                        _context.AfterIteration?.Invoke(report);
                        if (config.CheckpointEvery > 0 && report.Iteration % config.CheckpointEvery == 0 && report.Iteration < total)
                            Checkpoint();
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                runner.Observers.Remove(metrics);
            }
        }
        Checkpoint();
        wall.Stop();

        double[]? centroids = _setup.ReportedArchive is CvtArchive<double> cvt ? cvt.Centroids.ToArray() : null;
        var written = FigureWriter.WriteAll(_directory, config, _svg, centroids);
        var stats = _setup.ReportedArchive.Statistics;
        var output = _context.Out;
        if (interrupted)
        {
            output.WriteLine($"Interrupted after iteration {runner.Iteration} of {total}; checkpoint written.");
            output.WriteLine($"Resume with: qd resume \"{_directory.Path}\"");
        }
        else
        {
            output.WriteLine($"Done: {runner.Iteration - startIteration} iterations in {ProgressText.Duration(wall.Elapsed)} " +
                $"({runner.Evaluations:N0} evaluations in total).");
        }
        output.WriteLine($"QD score {ProgressText.Number(stats.QdScore)}, coverage {ProgressText.Percent(stats.Coverage)}, " +
            $"best objective {ProgressText.Number(stats.MaxObjective)}, {stats.Elites:N0} elites.");
        output.WriteLine($"Output: {_directory.Path} (config.json, metrics.csv, archive.csv, checkpoint.bin{string.Concat(written.Select(f => ", " + Path.GetFileName(f)))})");
        return new SessionOutcome(runner.Iteration, interrupted);
    }

    // archive.csv first, checkpoint last: a checkpoint on disk always has metrics rows (flushed per
    // row) up to its iteration, and qd plot can read archive.csv while the search runs.
    private void Checkpoint()
    {
        ArchiveCsv.Write(_setup.ReportedArchive, _directory.ArchivePath);
        _setup.Runner.SaveCheckpoint(_directory.CheckpointPath);
    }
}

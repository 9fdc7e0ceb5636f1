using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Figures;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Progress;
using QualityDiversity.Cli.Reproduce;
using QualityDiversity.Export;
using QualityDiversity.Learning.Search;
using QualityDiversity.Persistence;
using QualityDiversity.Runs;

namespace QualityDiversity.Cli.Search;

/// <summary>
/// Runs a learned-measure search inside a run directory. Besides the progress display it prints
/// one line per measure update (judgments, validation accuracy, elites moved), and writes:
/// <c>metrics.csv</c> (the search archive, in its learned space), <c>ground_truth.csv</c>
/// (archive and all solutions re-scored in ground-truth measures), <c>updates.csv</c>,
/// <c>judgments.jsonl</c> (appended as answers arrive), <c>archive.csv</c> (the archive re-scored
/// in ground-truth measures, which the heatmap shows), <c>learned-archive.csv</c> and
/// <c>checkpoint.bin</c>.
/// </summary>
internal sealed class LearnedSearchSession
{
    /// <summary>File name of the ground-truth scores.</summary>
    public const string GroundTruthFile = "ground_truth.csv";

    /// <summary>File name of the measure updates.</summary>
    public const string UpdatesFile = "updates.csv";

    /// <summary>File name of the search archive in its learned measure space.</summary>
    public const string LearnedArchiveFile = "learned-archive.csv";

    private readonly LearnedSearchSetup _setup;
    private readonly RunDirectory _directory;
    private readonly CliContext _context;
    private readonly bool _svg;

    /// <summary>Prepares a session.</summary>
    public LearnedSearchSession(LearnedSearchSetup setup, RunDirectory directory, CliContext context, bool svg)
    {
        _setup = setup;
        _directory = directory;
        _context = context;
        _svg = svg;
    }

    /// <summary>Runs the search and writes its outputs.</summary>
    public async Task<SessionOutcome> RunAsync()
    {
        var search = _setup.Search;
        var scorer = _setup.Scorer;
        var config = _setup.Config;
        int total = config.Iterations;
        int startIteration = search.Iteration;
        bool interrupted = false;
        var wall = Stopwatch.StartNew();

        using (var metrics = MetricsLog.Open(_directory.MetricsPath, config.MetricsEvery))
        {
            await _context.CreateProgressDisplay().RunAsync(startIteration, total, async sink =>
            {
                while (search.Iteration < total)
                {
                    if (_context.Cancellation.IsCancellationRequested)
                    {
                        interrupted = true;
                        break;
                    }
                    int updatesBefore = scorer.Updates.Count;
                    // The step itself is not cancelled: a checkpoint needs a completed iteration.
                    await search.StepAsync(CancellationToken.None).ConfigureAwait(false);
                    for (int u = updatesBefore; u < scorer.Updates.Count; u++) sink.Note(Describe(scorer.Updates[u]));
                    var report = Report(search, total, wall.Elapsed);
                    metrics.OnIteration(report);
                    sink.Report(report);
                    _context.AfterIteration?.Invoke(report);
                    if (config.CheckpointEvery > 0 && report.Iteration % config.CheckpointEvery == 0 && report.Iteration < total)
                        Checkpoint();
                }
            }).ConfigureAwait(false);
        }
        Checkpoint();
        wall.Stop();

        var written = FigureWriter.WriteAll(_directory, config, _svg);
        var output = _context.Out;
        if (interrupted)
        {
            output.WriteLine($"Interrupted after iteration {search.Iteration} of {total}; checkpoint written.");
            output.WriteLine($"Resume with: qd resume \"{_directory.Path}\"");
        }
        else
        {
            output.WriteLine($"Done: {search.Iteration - startIteration} iterations in {ProgressText.Duration(wall.Elapsed)} ({search.Evaluations:N0} evaluations in total).");
        }
        if (scorer.Scores.Count > 0)
        {
            var last = scorer.Scores[^1];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Ground truth at iteration {last.Iteration}: archive solutions QD score {last.ArchiveQdScore:0.00}, coverage {last.ArchiveCoverage:0.0}%; all solutions QD score {last.AllQdScore:0.00}, coverage {last.AllCoverage:0.0}%."));
        }
        if (_setup.Judge is { } judge)
            output.WriteLine($"Judgments: {judge.Asked:N0} asked of '{judge.Name}', {judge.Replayed:N0} replayed from {LearnedSearchBuilder.JudgmentsFile}.");
        output.WriteLine($"Output: {_directory.Path} (config.json, metrics.csv, {GroundTruthFile}, {UpdatesFile}, archive.csv (re-scored in ground-truth measures), {LearnedArchiveFile}" +
            $"{(_setup.Judgments is null ? "" : ", " + LearnedSearchBuilder.JudgmentsFile)}, checkpoint.bin{string.Concat(written.Select(f => ", " + Path.GetFileName(f)))})");
        return new SessionOutcome(search.Iteration, interrupted);
    }

    /// <summary>The progress line of a measure update.</summary>
    public static string Describe(MeasureUpdateReport u)
    {
        var text = CultureInfo.InvariantCulture;
        string judgments = u.TotalJudgments > 0 ? string.Create(text, $", {u.NewJudgments:N0} new judgments ({u.TotalJudgments:N0} in total)") : string.Empty;
        string accuracy = u.ValidationAccuracy is { } a ? string.Create(text, $", validation accuracy {a:0.000} after {u.Epochs} epochs") : string.Empty;
        string what = u.Learned ? "learned measures refitted" : "ground-truth measures";
        return string.Create(text,
            $"Measure update {u.UpdateIndex + 1} at iteration {u.Iteration} ({u.Method}): {what}{judgments}{accuracy}; {u.Offered:N0} candidates moved into a new archive, {u.Elites:N0} elites ({u.Duration.TotalSeconds:0.00} s).");
    }

    private static IterationReport Report(LearnedMeasureSearch<double> search, int total, TimeSpan elapsed)
    {
        int added = 0, improved = 0;
        foreach (var status in search.Scheduler!.LastStatus)
        {
            if (status == AddStatus.New) added++;
            else if (status == AddStatus.ImprovedExisting) improved++;
        }
        return new IterationReport(search.Iteration, total, search.Evaluations, search.Archive!.Statistics, elapsed, added, improved);
    }

    // CSV files first, checkpoint last, as in a plain run: files on disk never run ahead of it.
    private void Checkpoint()
    {
        var search = _setup.Search;
        var scorer = _setup.Scorer;
        if (search.Archive is { } archive) ArchiveCsv.Write(archive, _directory.File(LearnedArchiveFile));
        if (scorer.ArchiveSolutions is { } groundTruth) ArchiveCsv.Write(groundTruth, _directory.ArchivePath);
        AtomicFile.WriteAllText(_directory.File(GroundTruthFile), QdhfTrialFiles.FormatScores(scorer.Scores));
        AtomicFile.WriteAllText(_directory.File(UpdatesFile), QdhfTrialFiles.FormatUpdates(scorer.Updates.Select(QdhfUpdateRow.From)));
        search.SaveCheckpoint(_directory.CheckpointPath);
    }
}

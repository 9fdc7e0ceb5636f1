using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Reproduce;
using QualityDiversity.Experiments.Runs;
using QualityDiversity.Export;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Search;
using QualityDiversity.Persistence;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// A learned-measure search in its run directory. Besides metrics.csv (the search archive, in its
/// learned space) it writes <c>ground_truth.csv</c> (archive and all solutions re-scored in
/// ground-truth measures), <c>updates.csv</c>, <c>judgments.jsonl</c> (appended as answers
/// arrive), <c>archive.csv</c> (the archive re-scored in ground-truth measures, which the heatmap
/// shows), <c>learned-archive.csv</c> and <c>checkpoint.bin</c>; every measure update is a note.
/// </summary>
internal sealed class LearnedRunSession : RunSession
{
    /// <summary>File name of the ground-truth scores.</summary>
    public const string GroundTruthFile = "ground_truth.csv";

    /// <summary>File name of the measure updates.</summary>
    public const string UpdatesFile = "updates.csv";

    /// <summary>File name of the search archive in its learned measure space.</summary>
    public const string LearnedArchiveFile = "learned-archive.csv";

    private readonly LearnedSearchSetup _setup;
    private System.Diagnostics.Stopwatch? _wall;
    private MetricsLog? _metrics;

    // A step stopped half-way through a measure update: its state must not be checkpointed.
    private bool _abandoned;

    public LearnedRunSession(LearnedSearchSetup setup, RunDirectory directory, string description)
        : base(directory, description)
    {
        _setup = setup;
    }

    public LearnedSearchSetup Setup => _setup;

    public override int Completed => _setup.Search.Iteration;

    public override int Total => _setup.Config.Iterations;

    public override string Unit => "iteration";

    public override long Evaluations => _setup.Search.Evaluations;

    public override ArchiveStatistics Statistics => _setup.Search.Archive!.Statistics;

    public override bool CheckpointWhenStopped => !_abandoned;

    public override Task PrepareAsync(IProgressSink progress)
    {
        _metrics = MetricsLog.Open(Directory.MetricsPath, _setup.Config.MetricsEvery);
        _wall = System.Diagnostics.Stopwatch.StartNew();
        return Task.CompletedTask;
    }

    public override async Task<IterationReport?> StepAsync(IProgressSink progress, CancellationToken cancellation)
    {
        var search = _setup.Search;
        var scorer = _setup.Scorer;
        int updatesBefore = scorer.Updates.Count;
        // The step itself is not cancelled: a checkpoint needs a completed iteration. Only a wait
        // for people's answers is (it may last hours); that step is abandoned, not checkpointed.
        using var stopWaiting = _setup.Queue is { } queue ? cancellation.Register(queue.Stop) : default;
        try
        {
            await search.StepAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_setup.Queue is { Progress.Stopped: true })
        {
            _abandoned = true;
            progress.Note($"Stopped while waiting for judgments; the answers given are kept in {LearnedSearchBuilder.JudgmentsFile} and the run resumes from its last checkpoint.");
            return null;
        }
        catch (NoJudgmentsException e)
        {
            throw new ExperimentException($"{e.Message} Judgments already given stay in {LearnedSearchBuilder.JudgmentsFile}.", ExperimentErrorKind.Failure);
        }
        for (int u = updatesBefore; u < scorer.Updates.Count; u++) progress.Note(Describe(scorer.Updates[u]));
        var report = Report(search, Total, _wall!.Elapsed);
        NoteFailures(progress, report.Iteration, search.LastFailures, report.BatchFailed);
        _metrics!.OnIteration(report);
        return report;
    }

    public override bool CheckpointDue(in IterationReport report) =>
        _setup.Config.CheckpointEvery > 0 && report.Iteration % _setup.Config.CheckpointEvery == 0 && report.Iteration < Total;

    // CSV files first, checkpoint last, as in a plain run: files on disk never run ahead of it.
    public override void Checkpoint()
    {
        var search = _setup.Search;
        var scorer = _setup.Scorer;
        if (search.Archive is { } archive) ArchiveCsv.Write(archive, Directory.File(LearnedArchiveFile));
        if (scorer.ArchiveSolutions is { } groundTruth) ArchiveCsv.Write(groundTruth, Directory.ArchivePath);
        AtomicFile.WriteAllText(Directory.File(GroundTruthFile), QdhfTrialFiles.FormatScores(scorer.Scores));
        AtomicFile.WriteAllText(Directory.File(UpdatesFile), QdhfTrialFiles.FormatUpdates(scorer.Updates.Select(MeasureUpdate.From)));
        search.SaveCheckpoint(Directory.CheckpointPath, RunConfigurationRecord.Section(_setup.Config), MetricsDigestSection());
    }

    public override void EndSteps() => CloseMetrics();

    public override string StopLine(bool interrupted, int start, TimeSpan elapsed) => _abandoned
        ? $"Stopped at iteration {Completed} of {Total} while waiting for judgments; the last checkpoint is kept (a run without one starts again), and the answers given are replayed."
        : base.StopLine(interrupted, start, elapsed);

    public override IReadOnlyList<string> WriteOutputs(bool svg)
    {
        // An abandoned step wrote no checkpoint: the files of the last one stay as they are.
        if (_abandoned)
            return new[] { Directory.ConfigPath, Directory.MetricsPath, Directory.File(LearnedSearchBuilder.JudgmentsFile), Directory.CheckpointPath }.Where(File.Exists).ToArray();
        var files = new List<string>
        {
            Directory.ConfigPath, Directory.MetricsPath, Directory.File(GroundTruthFile), Directory.File(UpdatesFile),
            Directory.ArchivePath, Directory.File(LearnedArchiveFile),
        };
        if (_setup.Judgments is not null) files.Add(Directory.File(LearnedSearchBuilder.JudgmentsFile));
        files.Add(Directory.CheckpointPath);
        files.AddRange(FigureWriter.WriteAll(Directory, _setup.Config, svg, _setup.Scorer.ArchiveSolutions, iteration: Completed));
        return files;
    }

    public override IEnumerable<string> SummaryLines()
    {
        var scorer = _setup.Scorer;
        if (scorer.Scores.Count > 0)
        {
            var last = scorer.Scores[^1];
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Ground truth at iteration {last.Iteration}: archive solutions QD score {last.ArchiveQdScore:0.00}, coverage {last.ArchiveCoverage:0.0}%; all solutions QD score {last.AllQdScore:0.00}, coverage {last.AllCoverage:0.0}%.");
        }
        if (FailedLine(_setup.Search.FailedEvaluations) is { } failed) yield return failed;
        if (_setup.Judge is { } judge)
            yield return $"Judgments: {judge.Asked:N0} asked of '{judge.Name}', {judge.Replayed:N0} replayed from {LearnedSearchBuilder.JudgmentsFile}.";
        yield return "archive.csv and the heatmap show the archive re-scored in ground-truth measures.";
    }

    public override void Dispose()
    {
        CloseMetrics();
        base.Dispose();
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
        if (!search.LastBatchFailed)
        {
            foreach (var status in search.Scheduler!.LastStatus)
            {
                if (status == AddStatus.New) added++;
                else if (status == AddStatus.ImprovedExisting) improved++;
            }
        }
        return new IterationReport(search.Iteration, total, search.Evaluations, search.Archive!.Statistics, elapsed, added, improved)
        {
            Failures = search.LastFailures,
            BatchFailed = search.LastBatchFailed,
        };
    }

    private void CloseMetrics()
    {
        _metrics?.Dispose();
        _metrics = null;
    }
}

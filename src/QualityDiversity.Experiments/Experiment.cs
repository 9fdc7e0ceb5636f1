using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Runs;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Experiments;

/// <summary>
/// Starts, resumes and opens experiments in run directories — everything the <c>qd</c> command
/// does with a configuration, for programs and notebooks:
/// <code>
/// var config = ExperimentConfig.Load("examples/arm-qdhf.json");
/// using var run = Experiment.Start(config, "runs/arm");
/// RunOutcome outcome = await run.RunAsync();
/// MetricsTable metrics = run.Directory.ReadMetrics();
/// </code>
/// </summary>
public static class Experiment
{
    /// <summary>
    /// Checks <paramref name="config"/>, writes it as config.json into a new run directory and
    /// builds the search, ready for <see cref="ExperimentRun.RunAsync"/>. The run holds the
    /// directory's lock until it is disposed.
    /// </summary>
    /// <param name="config">The configuration, built in code or read with <see cref="ExperimentConfig.Load"/>.</param>
    /// <param name="directory">The run directory; null for <c>runs/NAME-yyyyMMdd-HHmmss</c>. It must not hold a run already.</param>
    /// <param name="evaluator">
    /// Gives the evaluator of a vector or learned-measure search from its task, e.g. one that evaluates on a cluster;
    /// null evaluates with the task itself. It must give the task's results, so that the run is the same.
    /// </param>
    /// <exception cref="ConfigException">A field of the configuration is invalid; the message names it.</exception>
    /// <exception cref="ExperimentException">The directory is a file, already holds a run, or another process writes into it.</exception>
    public static ExperimentRun Start(ExperimentConfig config, string? directory = null, Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var resolved = config.Validate();
        if (directory is not null && string.IsNullOrWhiteSpace(directory))
            throw new ExperimentException(nameof(directory), "is empty; give the path of the run directory.", ExperimentErrorKind.InvalidRequest);
        var runDirectory = directory is null ? RunDirectory.CreateDefault(resolved.Name, DateTime.Now) : new RunDirectory(directory);
        if (File.Exists(runDirectory.Path))
            throw new ExperimentException(nameof(directory), $"'{runDirectory.Path}' is a file, not a directory.", ExperimentErrorKind.InvalidRequest);
        try
        {
            System.IO.Directory.CreateDirectory(runDirectory.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ExperimentException(nameof(directory), $"'{runDirectory.Path}' cannot be created: {e.Message}", ExperimentErrorKind.InvalidRequest);
        }
        var runLock = RunLock.Acquire(runDirectory);
        try
        {
            EnsureFree(runDirectory);
            AtomicFile.DeleteStaleTemporaries(runDirectory.Path);
            var session = RunSessions.Build(resolved, runDirectory, checkpoint: null, evaluator: evaluator);
            AtomicFile.WriteAllText(runDirectory.ConfigPath, resolved.ToJson());
            // Outputs an earlier, failed attempt may have left behind (a directory without a run).
            ClearStepOutputs(runDirectory);
            return new ExperimentRun(resolved, runDirectory, session, runLock, []);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Restores the run in <paramref name="directory"/> from its checkpoint, after verifying it: a
    /// damaged newest checkpoint falls back to the previous one (see <see cref="ExperimentRun.Notes"/>),
    /// and nothing in the directory changes unless a checkpoint was verified and restored. Rows of
    /// metrics and dataset written after the checkpoint are then dropped: the steps they belong to
    /// run again, and the finished run equals an uninterrupted one. A run stopped before its first
    /// checkpoint starts again from the beginning, reusing the judgments and model answers it
    /// already has on disk.
    /// </summary>
    /// <param name="directory">A run directory with config.json.</param>
    /// <param name="length">A new total of iterations (text: steps), to extend a run; null keeps the configured one.</param>
    /// <param name="evaluator">Gives the evaluator of a vector or learned-measure search from its task (see <see cref="Start"/>); null evaluates with the task.</param>
    /// <exception cref="ExperimentException">The directory holds no run, another process writes into it, its checkpoints are damaged, or <paramref name="length"/> is below what is done.</exception>
    /// <exception cref="ConfigException">config.json is invalid.</exception>
    public static ExperimentRun Resume(string directory, int? length = null, Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator = null)
    {
        var runDirectory = RunDirectory.Open(directory);
        var runLock = RunLock.Acquire(runDirectory);
        try
        {
            var config = runDirectory.ReadConfig();
            int configuredLength = config.Length;
            if (length is { } n) config = config.WithLength(n);
            var choice = CheckpointChoice.For(runDirectory, config);
            bool pinned = false;
            if (choice.IsUnframed) config = UnframedCheckpoint.KeepEarlierBehaviour(config, out pinned);
            var session = RestoreWithLength(config, runDirectory, choice, evaluator, length, out var recorded);
            RunHistoryCheck? history;
            try
            {
                int done = session.Completed;
                if (length is { } total && total < done)
                    throw new ExperimentException(nameof(length), $"{total} is below the {done} {session.Unit}s the checkpoint has already completed.", ExperimentErrorKind.InvalidRequest);
                // An edited config.json that ends the run before its checkpoint would pass the
                // checkpoint's state off as the finished run.
                if (length is null && config.Length < done)
                    throw new ExperimentException(
                        $"{runDirectory.ConfigPath} asks for {config.Length} {session.Unit}s, fewer than the {done} its checkpoint has already completed. Set it back to at least {done}, or give the total with --iterations.",
                        ExperimentErrorKind.InvalidRequest);
                history = choice.Path is null || choice.IsUnframed || session.Evaluations == 0 ? null : RunHistory.Verify(runDirectory, config, session, recorded);
                // The checkpoint is verified and restored: only now may files change.
                AtomicFile.DeleteStaleTemporaries(runDirectory.Path);
                if (length is not null || pinned) AtomicFile.WriteAllText(runDirectory.ConfigPath, config.ToJson());
                choice.SetAsideDamaged();
                // A checkpoint of the starting state (a text search writes one before its seed
                // batch, at step 0 as that batch's rows are) owns no rows at all.
                if (choice.Path is null || session.Evaluations == 0) ClearStepOutputs(runDirectory);
                else DropRowsAfter(runDirectory, config, done);
                history?.Repair();
            }
            catch
            {
                session.Dispose();
                throw;
            }
            var notes = new List<string>();
            if (choice.Note is not null) notes.Add(choice.Note);
            if (history is not null) notes.AddRange(history.Notes);
            if (choice.IsUnframed) notes.Add(UnframedCheckpoint.Note(choice.Path!, pinned));
            if (choice.Path is null) notes.Add($"'{runDirectory.Path}' has no checkpoint yet: the run starts from the beginning, reusing judgments and answers already on disk.");
            if (length is { } extended && extended != configuredLength && config is SearchConfig { Measures: not null })
                notes.Add($"The measure updates are planned again over {extended} iterations (they were planned over {configuredLength}), so from here on this run differs from one started with {extended}.");
            return new ExperimentRun(config, runDirectory, session, runLock, notes);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    // A new total the checkpoint cannot go on to (a learned-measure search plans its measure
    // updates over the total, and one below what is done schedules fewer than it has made) is
    // refused as the --iterations it is, after the original total shows how far the run got.
    private static RunSession RestoreWithLength(ExperimentConfig config, RunDirectory directory, CheckpointChoice choice,
        Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator, int? length, out RecordedRows recorded)
    {
        try
        {
            return Restore(config, directory, choice, evaluator, out recorded);
        }
        catch (InvalidDataException e) when (length is { } total && !choice.IsUnframed)
        {
            int done;
            using (var original = Restore(directory.ReadConfig(), directory, choice, evaluator, out _)) done = original.Completed;
            string unit = config is Text.TextRunConfig ? "step" : "iteration";
            throw new ExperimentException(nameof(length), total < done
                ? $"{total} is below the {done} {unit}s the checkpoint has already completed."
                : $"this run cannot go on to {total} {unit}s from its checkpoint after {unit} {done}: {e.Message}",
                ExperimentErrorKind.InvalidRequest);
        }
    }

    // Builds the session from the chosen checkpoint. One in an earlier release's unframed layout
    // must also fit this run exactly, or the run is refused with nothing changed.
    private static RunSession Restore(ExperimentConfig config, RunDirectory directory, CheckpointChoice choice, Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator,
        out RecordedRows recorded)
    {
        recorded = default;
        if (choice.Path is null)
        {
            var fresh = RunSessions.Build(config, directory, checkpoint: null, evaluator: evaluator);
            // The run starts again from the beginning: every answer in its cache was paid by it and counted nowhere.
            if (fresh is Text.TextRunSession text) text.Setup.CountCallsPaidSince(0, []);
            return fresh;
        }
        RunSession session;
        using (var contents = choice.Open(config))
        {
            if (RunConfigurationRecord.Disagreement(contents, config) is { } edited)
                throw new ExperimentException(
                    $"{directory.ConfigPath} was changed since its checkpoint was written, in settings the results depend on: {edited}. Set them back, or start a new run with the new settings.",
                    ExperimentErrorKind.InvalidRequest);
            recorded = RecordedRows.Read(contents);
            try
            {
                session = RunSessions.Build(config, directory, contents, evaluator: evaluator);
            }
            catch (InvalidDataException e) when (choice.IsUnframed)
            {
                throw UnframedCheckpoint.Refusal(directory, choice.Path, $"it cannot be read as the state of this {UnframedCheckpoint.KindOf(config)}: {e.Message}");
            }
        }
        if (choice.IsUnframed && (UnframedCheckpoint.WhyNotExact(session) ?? UnframedCheckpointWitness.Disagreement(session, directory)) is { } reason)
        {
            session.Dispose();
            throw UnframedCheckpoint.Refusal(directory, choice.Path, reason);
        }
        return session;
    }

    /// <summary>Opens the run directory at <paramref name="directory"/> for reading: configuration, archive, metrics, judgments, dataset, figures.</summary>
    /// <exception cref="ExperimentException">It does not exist or holds no config.json.</exception>
    public static RunDirectory Open(string directory) => RunDirectory.Open(directory);

    /// <summary>Refuses a directory that already holds a run.</summary>
    private static void EnsureFree(RunDirectory directory)
    {
        if (directory.HoldsRun)
            throw new ExperimentException(nameof(directory), $"'{directory.Path}' already holds a run; resume it or choose another directory.", ExperimentErrorKind.InvalidRequest);
    }

    // Files written step by step, which a run from the beginning writes anew.
    private static void ClearStepOutputs(RunDirectory directory)
    {
        File.Delete(directory.MetricsPath);
        File.Delete(directory.File(TextRunSession.DatasetFile));
    }

    // Rows written after the checkpoint belong to the steps that will now run again.
    private static void DropRowsAfter(RunDirectory directory, ExperimentConfig config, int done)
    {
        if (config is TextRunConfig)
        {
            TextDatasetJsonl.TruncateAfterStep(directory.File(TextRunSession.DatasetFile), done);
            TextMetricsCsv.TruncateAfter(directory.MetricsPath, done);
        }
        else
        {
            MetricsCsv.TruncateAfter(directory.MetricsPath, done);
        }
    }
}

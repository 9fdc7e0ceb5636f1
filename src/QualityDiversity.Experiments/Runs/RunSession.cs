using QualityDiversity.Archives;
using QualityDiversity.Evaluation;
using QualityDiversity.Persistence;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// One kind of search (vector, learned-measure, text) open in its run directory, as
/// <see cref="ExperimentRun"/>'s single loop drives it: prepare, step, checkpoint when due, and
/// write the outputs at the end. Each kind keeps what differs — what a step is, which files it
/// appends, whether a step can be cut short — and nothing else.
/// </summary>
internal abstract class RunSession : IDisposable
{
    /// <summary>A session writing into <paramref name="directory"/>.</summary>
    protected RunSession(RunDirectory directory, string description)
    {
        Directory = directory;
        Description = description;
    }

    /// <summary>The run directory.</summary>
    protected RunDirectory Directory { get; }

    /// <summary>The digest of metrics.csv, which every checkpoint records (see <see cref="RowDigest"/>).</summary>
    private readonly RowDigest _metricsDigest = new(RowDigest.MetricsSection);

    /// <summary>The checkpoint section recording metrics.csv's rows as they are now.</summary>
    protected CheckpointSection MetricsDigestSection() => _metricsDigest.Section(Directory.MetricsPath);

    /// <summary>One line saying what runs.</summary>
    public string Description { get; }

    /// <summary>Iterations (text: steps) completed.</summary>
    public abstract int Completed { get; }

    /// <summary>Iterations (text: steps) to reach.</summary>
    public abstract int Total { get; }

    /// <summary>Whether the run has reached its end.</summary>
    public virtual bool IsDone => Completed >= Total;

    /// <summary>"iteration" or "step", for messages.</summary>
    public abstract string Unit { get; }

    /// <summary>Evaluations (text: texts proposed) so far.</summary>
    public abstract long Evaluations { get; }

    /// <summary>Statistics of the reported archive.</summary>
    public abstract ArchiveStatistics Statistics { get; }

    /// <summary>
    /// Whether the loop writes a checkpoint after it stops. Iteration-based searches can always
    /// checkpoint a completed iteration; a text search keeps its last checkpoint, because the batch
    /// it was cut off in is repeated from the answer cache on resume.
    /// </summary>
    public abstract bool CheckpointWhenStopped { get; }

    /// <summary>Work before the first step of this call (initial population, a checkpoint of the starting state).</summary>
    public virtual Task PrepareAsync(IProgressSink progress) => Task.CompletedTask;

    /// <summary>
    /// Runs one step. Returns null when <paramref name="cancellation"/> cut it short (nothing of
    /// it is committed); iteration-based searches ignore the token and always complete the step.
    /// </summary>
    public abstract Task<IterationReport?> StepAsync(IProgressSink progress, CancellationToken cancellation);

    /// <summary>Whether a checkpoint is due after the step that gave <paramref name="report"/>.</summary>
    public abstract bool CheckpointDue(in IterationReport report);

    /// <summary>Writes the checkpoint and the files that must never run ahead of it.</summary>
    public abstract void Checkpoint();

    /// <summary>Called once the loop has stopped stepping, before the last checkpoint: closes per-step logs.</summary>
    public virtual void EndSteps()
    {
    }

    /// <summary>Writes the final outputs (tables, figures); returns every output file of the directory.</summary>
    public abstract IReadOnlyList<string> WriteOutputs(bool svg);

    /// <summary>The first summary line: what this call did, or where it was interrupted.</summary>
    public virtual string StopLine(bool interrupted, int start, TimeSpan elapsed) => interrupted
        ? $"Interrupted after {Unit} {Completed} of {Total}; checkpoint written."
        : $"Done: {Completed - start} {Unit}s in {Output.ProgressText.Duration(elapsed)} ({Evaluations:N0} evaluations in total).";

    /// <summary>Lines about the final state that follow the "done"/"interrupted" line.</summary>
    public abstract IEnumerable<string> SummaryLines();

    /// <summary>Notes the failed candidates of an iteration, up to a limit; later ones are only counted in the summary.</summary>
    protected void NoteFailures(IProgressSink progress, int iteration, IReadOnlyList<CandidateFailure> failures, bool batchFailed)
    {
        if (failures.Count == 0 || _failureNotes >= MaxFailureNotes) return;
        _failureNotes++;
        string which = batchFailed ? "every candidate" : $"{failures.Count} candidate{(failures.Count == 1 ? "" : "s")}";
        progress.Note($"Iteration {iteration}: {which} failed and stayed out of the archive, e.g. {failures[0]}" +
            (_failureNotes == MaxFailureNotes ? " (further failures are only counted)" : ""));
    }

    /// <summary>The summary line about failed evaluations, or null when none failed.</summary>
    protected static string? FailedLine(long failed) =>
        failed > 0 ? $"{failed:N0} evaluations failed (thrown, timed out or not finite) and were kept out of the archive." : null;

    private const int MaxFailureNotes = 10;
    private int _failureNotes;

    /// <inheritdoc />
    public virtual void Dispose() => _metricsDigest.Dispose();
}

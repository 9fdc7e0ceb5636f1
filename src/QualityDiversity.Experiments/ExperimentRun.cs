using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Runs;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments;

/// <summary>
/// An experiment open in its run directory, started by <see cref="Experiment.Start"/> or
/// restored from its checkpoint by <see cref="Experiment.Resume"/>. <see cref="RunAsync"/> is the
/// one loop every kind of search runs in: step, report, checkpoint when due, and at the end the
/// last checkpoint, the tables and the figures. Cancelling stops it cleanly: an iteration-based
/// search finishes its iteration and checkpoints it; a text search abandons the batch in flight
/// (its answers stay cached) and keeps its last checkpoint. Either way the run resumes exactly.
/// </summary>
public sealed class ExperimentRun : IDisposable
{
    private readonly RunSession _session;
    private readonly RunLock _lock;
    private bool _disposed;

    internal ExperimentRun(ExperimentConfig config, RunDirectory directory, RunSession session, RunLock runLock, IReadOnlyList<string> notes)
    {
        Config = config;
        Directory = directory;
        _session = session;
        _lock = runLock;
        Notes = notes;
    }

    /// <summary>
    /// What the user should know about how the run was opened — for example that the newest
    /// checkpoint was damaged and the previous one restored. <see cref="RunAsync"/> passes them to
    /// its progress sink first.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The configuration that runs, as written to the directory's config.json.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>The run directory.</summary>
    public RunDirectory Directory { get; }

    /// <summary>One line saying what runs.</summary>
    public string Description => _session.Description;

    /// <summary>Iterations (text searches: steps) completed so far.</summary>
    public int Completed => _session.Completed;

    /// <summary>Iterations (text searches: steps) the run aims for.</summary>
    public int Total => _session.Total;

    /// <summary>Whether the run has reached <see cref="Total"/>.</summary>
    public bool IsDone => _session.IsDone;

    /// <summary>Evaluations (text searches: texts proposed) so far.</summary>
    public long Evaluations => _session.Evaluations;

    /// <summary>Statistics of the archive that is reported (the result archive when there is one).</summary>
    public ArchiveStatistics Statistics => _session.Statistics;

    /// <summary>Whether figures are written as SVG besides PNG.</summary>
    public bool Svg { get; set; }

    internal RunSession Session => _session;

    /// <summary>
    /// The queue people answer through when this is a QDHF search whose judge is <c>web</c>
    /// (<c>qd serve</c> runs it); otherwise null. Cancelling <see cref="RunAsync"/> stops it.
    /// </summary>
    public Learning.Judges.JudgingQueue? JudgingQueue => (_session as Search.LearnedRunSession)?.Setup.Queue;

    /// <summary>
    /// Runs until <see cref="Total"/> is reached or <paramref name="cancellationToken"/> asks to
    /// stop, then writes the last checkpoint, the tables and the figures.
    /// </summary>
    /// <param name="progress">Receives a report per iteration (batch) and notes about events; null for none.</param>
    /// <param name="cancellationToken">Stops the run cleanly and resumably; it is not an error.</param>
    /// <returns>How it ended, with summary lines and the files written.</returns>
    /// <exception cref="ExperimentException">The run cannot go on (for example a model endpoint refuses every request); its last checkpoint is kept.</exception>
    public async Task<RunOutcome> RunAsync(IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        progress ??= NoProgress.Instance;
        int start = _session.Completed;
        bool interrupted = false;
        var wall = Stopwatch.StartNew();
        foreach (var note in Notes) progress.Note(note);
        try
        {
            await _session.PrepareAsync(progress).ConfigureAwait(false);
            while (!_session.IsDone)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    interrupted = true;
                    break;
                }
                if (await _session.StepAsync(progress, cancellationToken).ConfigureAwait(false) is not { } report)
                {
                    interrupted = true;
                    break;
                }
                progress.Report(report);
                if (_session.CheckpointDue(report)) _session.Checkpoint();
            }
        }
        finally
        {
            _session.EndSteps();
        }
        if (_session.CheckpointWhenStopped) _session.Checkpoint();
        wall.Stop();

        var files = _session.WriteOutputs(Svg);
        var summary = new List<string> { _session.StopLine(interrupted, start, wall.Elapsed) };
        summary.AddRange(_session.SummaryLines());
        summary.Add($"Output: {Directory.Path} ({string.Join(", ", files.Select(Path.GetFileName))})");
        return new RunOutcome(_session.Completed, _session.Total, interrupted, summary, files);
    }

    /// <summary>Releases open files, model clients and the directory's lock.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _session.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private sealed class NoProgress : IProgressSink
    {
        public static readonly NoProgress Instance = new();

        public void Report(in IterationReport report)
        {
        }

        public void Note(string message)
        {
        }
    }
}

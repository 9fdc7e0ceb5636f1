using QualityDiversity.Experiments;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Runs;
using QualityDiversity.Web.Storage;

namespace QualityDiversity.Web.Hosting;

/// <summary>
/// A web-judged QDHF run searching in the background while the server takes its answers. It
/// holds the run directory's lock for its lifetime. Stopping it cancels the run, which stops the
/// judging queue: a wait for answers is abandoned (answers kept), an iteration in flight finishes
/// and is checkpointed, so serving the directory again resumes it.
/// </summary>
internal sealed class ServedRun : IAsyncDisposable
{
    private readonly ExperimentRun _run;
    private readonly JudgmentDatabase _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter? _log;
    private int _iteration;
    private int _announced;

    private ServedRun(ExperimentRun run, JudgmentDatabase database, TextWriter? log)
    {
        _run = run;
        _database = database;
        _log = log;
        _iteration = run.Completed;
        Queue = run.JudgingQueue!;
        // jsonl first (the queue's answer callback), then the database row.
        Queue.Answered += _database.Insert;
        Queue.Changed += AnnounceWait;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>The queue people answer through.</summary>
    public JudgingQueue Queue { get; }

    /// <summary>Ends with the run: its outcome, or the failure that stopped it.</summary>
    public Task<RunOutcome> Completion { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration => Volatile.Read(ref _iteration);

    /// <summary>Iterations the run aims for.</summary>
    public int Total => _run.Total;

    /// <summary>The database of judgments.</summary>
    public JudgmentDatabase Database => _database;

    /// <summary>The run directory.</summary>
    public RunDirectory Directory => _run.Directory;

    /// <summary>Starts <paramref name="run"/> (opened with its lock, a web-judged QDHF run not yet done) in the background.</summary>
    public static ServedRun Start(ExperimentRun run, TextWriter? log)
    {
        string judgmentsPath = run.Directory.File(Experiments.Search.LearnedSearchBuilder.JudgmentsFile);
        IReadOnlyList<Learning.Judgments.Judgment> file = File.Exists(judgmentsPath) ? Learning.Judgments.JudgmentSet.Load(judgmentsPath) : [];
        var database = JudgmentDatabase.Open(run.Directory.File(JudgmentDatabase.FileName), file);
        return new ServedRun(run, database, log);
    }

    /// <summary>Stops the run cleanly and waits for it to write its outputs.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure is the caller's to read from Completion.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Queue.Answered -= _database.Insert;
        Queue.Changed -= AnnounceWait;
        _database.Dispose();
        _run.Dispose();
        _stop.Dispose();
    }

    // One note per measure update that waits for people, so the terminal says why the run pauses.
    private void AnnounceWait(JudgingProgress progress)
    {
        if (progress.Posted > 0 && progress.Waiting == progress.Posted && Interlocked.Exchange(ref _announced, progress.Posted) == 0)
            _log?.WriteLine($"Waiting for {progress.Waiting} judgments at iteration {Iteration} of {Total}.");
        else if (progress.Posted == 0) Interlocked.Exchange(ref _announced, 0);
    }

    private async Task<RunOutcome> RunAsync()
    {
        var outcome = await _run.RunAsync(new Sink(this), _stop.Token).ConfigureAwait(false);
        foreach (string line in outcome.Summary) _log?.WriteLine(line);
        return outcome;
    }

    private sealed class Sink(ServedRun owner) : IProgressSink
    {
        public void Report(in IterationReport report) => Volatile.Write(ref owner._iteration, report.Iteration);

        public void Note(string message) => owner._log?.WriteLine(message);
    }
}

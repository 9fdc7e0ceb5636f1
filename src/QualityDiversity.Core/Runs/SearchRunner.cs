using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Persistence;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Runs;

/// <summary>
/// Drives a search: ask the scheduler, evaluate, tell — for a number of iterations — while
/// reporting to observers and writing checkpoints. A runner built from the same configuration
/// and restored from a checkpoint continues to exactly the result of an uninterrupted run.
/// </summary>
/// <remarks>
/// With an <see cref="IGradientScheduler{T}"/> (differentiable quality diversity), every
/// iteration starts with the gradient phase: the scheduler's <c>AskDqd</c> points are evaluated
/// with their Jacobians by the evaluator, which must then be an <see cref="IGradientEvaluator{T}"/>,
/// and told with <c>TellDqd</c>; the ordinary ask–evaluate–tell follows. Both phases count as
/// evaluations and in the iteration's added/improved counts.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class SearchRunner<T>
{
    private const string Magic = "QDCHECKPOINT";
    private const int FormatVersion = 1;
    private TimeSpan _elapsedBefore;

    /// <summary>Creates a runner.</summary>
    public SearchRunner(IScheduler<T> scheduler, IEvaluator<T> evaluator)
    {
        Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
        if (evaluator.MeasureDim != scheduler.Archive.MeasureDim)
            throw new ArgumentException($"The evaluator gives {evaluator.MeasureDim} measures but the archive has {scheduler.Archive.MeasureDim} measure axes.", nameof(evaluator));
        if (scheduler is IGradientScheduler<T>)
        {
            _gradientEvaluator = evaluator as IGradientEvaluator<T>
                ?? throw new ArgumentException("The scheduler runs gradient emitters, but the evaluator gives no gradients (it does not implement IGradientEvaluator).", nameof(evaluator));
        }
    }

    private readonly IGradientEvaluator<T>? _gradientEvaluator;

    /// <summary>The scheduler.</summary>
    public IScheduler<T> Scheduler { get; }

    /// <summary>The evaluator.</summary>
    public IEvaluator<T> Evaluator { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>Candidates evaluated.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Wall time spent so far, including time before a resume.</summary>
    public TimeSpan Elapsed => _elapsedBefore + (_clock?.Elapsed ?? TimeSpan.Zero);

    private Stopwatch? _clock;

    /// <summary>When set, accumulates the time of each phase of every iteration.</summary>
    public PhaseTimings? Timings { get; set; }

    /// <summary>Observers notified after each iteration.</summary>
    public List<ISearchObserver> Observers { get; } = [];

    /// <summary>
    /// Evaluates <paramref name="population"/> and adds it to the archives before the first
    /// iteration (the "initial population" of MAP-Elites). Counts as evaluations, not as an iteration.
    /// </summary>
    /// <exception cref="InvalidOperationException">The search has already started.</exception>
    public async ValueTask<AddResult> InitializeAsync(SolutionBatch<T> population, CancellationToken cancellationToken = default)
    {
        if (Iteration > 0) throw new InvalidOperationException("The initial population must be added before the first iteration.");
        _clock ??= Stopwatch.StartNew();
        var results = new EvaluationResults(population.Count, Evaluator.MeasureDim, Evaluator.FeatureDim);
        await Evaluator.EvaluateAsync(population, results, cancellationToken).ConfigureAwait(false);
        var outcome = Scheduler.AddInitialPopulation(new CandidateBatch<T>(population, results));
        Evaluations += population.Count;
        return outcome;
    }

    /// <summary>Runs one ask–evaluate–tell iteration.</summary>
    public async ValueTask<IterationReport> StepAsync(int totalIterations, CancellationToken cancellationToken = default)
    {
        _clock ??= Stopwatch.StartNew();
        long t0 = Stopwatch.GetTimestamp();
        int added = 0, improved = 0;
        if (Scheduler is IGradientScheduler<T> gradientScheduler)
        {
            Evaluations += await GradientPhaseAsync(gradientScheduler, cancellationToken).ConfigureAwait(false);
            Count(gradientScheduler.LastDqdStatus, ref added, ref improved);
            t0 = Stopwatch.GetTimestamp();
        }
        var batch = Scheduler.Ask();
        var results = ResultsFor(batch.Count);
        long t1 = Stopwatch.GetTimestamp();
        await Evaluator.EvaluateAsync(batch, results, cancellationToken).ConfigureAwait(false);
        long t2 = Stopwatch.GetTimestamp();
        Scheduler.Tell(results);
        if (Timings is { } timings)
        {
            timings.AskTicks += t1 - t0;
            timings.EvaluateTicks += t2 - t1;
            timings.TellTicks += Stopwatch.GetTimestamp() - t2;
        }
        Iteration++;
        Evaluations += batch.Count;
        Count(Scheduler.LastStatus, ref added, ref improved);
        var report = new IterationReport(Iteration, totalIterations, Evaluations, Scheduler.ReportedArchive.Statistics, Elapsed, added, improved);
        foreach (var observer in Observers) observer.OnIteration(report);
        return report;
    }

    private static void Count(ReadOnlySpan<AddStatus> statuses, ref int added, ref int improved)
    {
        foreach (var status in statuses)
        {
            if (status == AddStatus.New) added++;
            else if (status == AddStatus.ImprovedExisting) improved++;
        }
    }

    // The gradient phase of a DQD step: AskDqd, evaluate with Jacobians, TellDqd. Returns the points evaluated.
    private async ValueTask<int> GradientPhaseAsync(IGradientScheduler<T> scheduler, CancellationToken cancellationToken)
    {
        long t0 = Stopwatch.GetTimestamp();
        var points = scheduler.AskDqd();
        int count = points.Count;
        if (_gradientResults is null || _gradientResults.Count != count)
            _gradientResults = new EvaluationResults(count, Evaluator.MeasureDim, Evaluator.FeatureDim);
        if (_gradients is null || _gradients.Count != count)
            _gradients = new GradientResults(count, Evaluator.MeasureDim, points.Width);
        long t1 = Stopwatch.GetTimestamp();
        await _gradientEvaluator!.EvaluateWithGradientsAsync(points, _gradientResults, _gradients, cancellationToken).ConfigureAwait(false);
        long t2 = Stopwatch.GetTimestamp();
        scheduler.TellDqd(_gradientResults, _gradients);
        if (Timings is { } timings)
        {
            timings.AskTicks += t1 - t0;
            timings.EvaluateTicks += t2 - t1;
            timings.TellTicks += Stopwatch.GetTimestamp() - t2;
        }
        return count;
    }

    private EvaluationResults? _gradientResults;
    private GradientResults? _gradients;

    // Batches usually keep their size, so the result buffers are reused from iteration to iteration.
    private EvaluationResults ResultsFor(int count)
    {
        if (_results is null || _results.Count != count)
            _results = new EvaluationResults(count, Evaluator.MeasureDim, Evaluator.FeatureDim);
        return _results;
    }

    private EvaluationResults? _results;

    /// <summary>
    /// Runs until <paramref name="totalIterations"/> iterations are complete, writing a
    /// checkpoint to <paramref name="checkpointPath"/> every <paramref name="checkpointEvery"/>
    /// iterations and at the end (when a path is given). Cancellation stops after the current
    /// iteration; the last checkpoint remains valid.
    /// </summary>
    public async Task RunAsync(int totalIterations, string? checkpointPath = null, int checkpointEvery = 0, CancellationToken cancellationToken = default)
    {
        if (totalIterations < 0) throw new ArgumentOutOfRangeException(nameof(totalIterations), totalIterations, "iterations must not be negative.");
        if (checkpointEvery < 0) throw new ArgumentOutOfRangeException(nameof(checkpointEvery), checkpointEvery, "checkpoint_every must not be negative.");
        while (Iteration < totalIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await StepAsync(totalIterations, cancellationToken).ConfigureAwait(false);
            bool due = checkpointEvery > 0 && Iteration % checkpointEvery == 0;
            if (checkpointPath is not null && (due || Iteration == totalIterations)) SaveCheckpoint(checkpointPath);
        }
    }

    /// <summary>Writes the complete search state atomically to <paramref name="path"/>.</summary>
    public void SaveCheckpoint(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Iteration);
            writer.Write(Evaluations);
            writer.Write(Elapsed.Ticks);
            Scheduler.WriteState(writer);
        });
        foreach (var observer in Observers) observer.OnCheckpoint(Iteration);
    }

    /// <summary>Restores the state written by <see cref="SaveCheckpoint"/> into this runner.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of a search configured like this one.</exception>
    public void LoadCheckpoint(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        string magic;
        try { magic = reader.ReadString(); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{path} is empty or truncated; it is not a checkpoint."); }
        if (magic != Magic) throw new InvalidDataException($"{path} is not a QualityDiversity checkpoint.");
        int version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"{path} has checkpoint format {version}; this build reads format {FormatVersion}.");
        Iteration = reader.ReadInt32();
        Evaluations = reader.ReadInt64();
        _elapsedBefore = TimeSpan.FromTicks(reader.ReadInt64());
        _clock = null;
        Scheduler.ReadState(reader);
    }
}

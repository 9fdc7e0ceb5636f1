using System.Runtime.CompilerServices;
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
/// <para>Failed evaluations follow <see cref="SearchRunnerOptions.FailurePolicy"/>. With
/// <see cref="EvaluationFailurePolicy.SkipFailed"/> (the default) a candidate whose evaluation
/// throws, times out (<see cref="AsyncEvaluator{T}.CandidateTimeout"/>), gives a NaN or infinite
/// objective or measure, or is rejected by the archive is recorded in the iteration's
/// <see cref="IterationReport.Failures"/> (and <see cref="LastFailures"/>) and kept out of the
/// archive; the other candidates are added and every emitter is told its whole batch, failed
/// candidates shown as not added with NaN values. When every candidate of a batch fails (or the
/// evaluator throws for the batch as a whole) the batch is abandoned
/// (<see cref="IScheduler{T}.Abandon"/>): the iteration counts, nothing is told, and the next step
/// asks afresh. With <see cref="EvaluationFailurePolicy.FailFast"/> the failure throws out of the
/// step after the batch is abandoned.</para>
/// <para>Failures are part of the run's history: a run resumed from a checkpoint and meeting the
/// same failures ends with the same archive as an uninterrupted one.</para>
/// <para>With an <see cref="IGradientScheduler{T}"/> (differentiable quality diversity), every
/// iteration starts with the gradient phase: the scheduler's <c>AskDqd</c> points are evaluated
/// with their Jacobians by the evaluator, which must then be an <see cref="IGradientEvaluator{T}"/>,
/// and told with <c>TellDqd</c>; the ordinary ask–evaluate–tell follows. Both phases count as
/// evaluations and in the iteration's added/improved counts. The gradient phase is not covered
/// by the failure policy: a failure there throws, after the step is abandoned.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class SearchRunner<T>
{
    private const string Magic = "QDCHECKPOINT";
    private const int FormatVersion = 2; // 2 added the failure counters
    private TimeSpan _elapsedBefore;
    private int _consecutiveFailedBatches;

    /// <summary>Creates a runner.</summary>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="evaluator">The evaluator; its measure count must match the archive's.</param>
    /// <param name="options">Failure handling; null for <see cref="SearchRunnerOptions.Default"/>.</param>
    public SearchRunner(IScheduler<T> scheduler, IEvaluator<T> evaluator, SearchRunnerOptions? options = null)
    {
        Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
        if (evaluator.MeasureDim != scheduler.Archive.MeasureDim)
            throw new ArgumentException($"The evaluator gives {evaluator.MeasureDim} measures but the archive has {scheduler.Archive.MeasureDim} measure axes.", nameof(evaluator));
        Options = options ?? SearchRunnerOptions.Default;
        Options.Validate();
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

    /// <summary>How failed evaluations are handled.</summary>
    public SearchRunnerOptions Options { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>Candidates evaluated, failed ones included.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Candidates whose evaluation failed (kept out of the archive).</summary>
    public long FailedEvaluations { get; private set; }

    /// <summary>The failures of the last step or initial population, by candidate index (empty when none).</summary>
    public IReadOnlyList<CandidateFailure> LastFailures { get; private set; } = [];

    /// <summary>Wall time spent so far, including time before a resume.</summary>
    public TimeSpan Elapsed => _elapsedBefore + (_clock?.Elapsed ?? TimeSpan.Zero);

    private Stopwatch? _clock;

    /// <summary>When set, accumulates the time of each phase of every iteration.</summary>
    public PhaseTimings? Timings { get; set; }

    /// <summary>Observers notified after each iteration.</summary>
    public List<ISearchObserver> Observers { get; } = [];

    private bool SkipFailed => Options.FailurePolicy == EvaluationFailurePolicy.SkipFailed;

    /// <summary>
    /// Evaluates <paramref name="population"/> and adds it to the archives before the first
    /// iteration (the "initial population" of MAP-Elites). Counts as evaluations, not as an
    /// iteration. Failed candidates follow the failure policy: skipped, they get status
    /// <see cref="AddStatus.NotAdded"/> and value NaN in the outcome.
    /// </summary>
    /// <exception cref="InvalidOperationException">The search has already started.</exception>
    public async ValueTask<AddResult> InitializeAsync(SolutionBatch<T> population, CancellationToken cancellationToken = default)
    {
        if (Iteration > 0) throw new InvalidOperationException("The initial population must be added before the first iteration.");
        _clock ??= Stopwatch.StartNew();
        var results = new EvaluationResults(population.Count, Evaluator.MeasureDim, Evaluator.FeatureDim);
        await EvaluateAsync(population, results, cancellationToken).ConfigureAwait(false);
        Evaluations += population.Count;
        var outcome = new AddResult(population.Count);
        if (SkipFailed && results.FailedCount == population.Count)
        {
            outcome.Status.AsSpan().Fill(AddStatus.NotAdded);
            outcome.Value.AsSpan().Fill(double.NaN);
        }
        else
        {
            WhileArchiveRejects(results, () =>
            {
                var batch = new CandidateBatch<T>(population, results);
                if (results.FailedCount == 0)
                {
                    var added = Scheduler.AddInitialPopulation(batch);
                    added.Status.CopyTo(outcome.Status, 0);
                    added.Value.CopyTo(outcome.Value, 0);
                    return;
                }
                int measureDim = Scheduler.Archive.MeasureDim, featureDim = Scheduler.Archive.FeatureDim;
                var mask = results.FailedMask().Span;
                var compact = FailedCandidates.Compact(batch, mask, measureDim, featureDim, out int[] kept);
                AddResult compactOutcome;
                try
                {
                    compactOutcome = Scheduler.AddInitialPopulation(compact);
                }
                catch (ArchiveInputException error) when (error.CandidateIndex >= 0)
                {
                    throw error.ForCandidate(kept[error.CandidateIndex]);
                }
                outcome.Status.AsSpan().Fill(AddStatus.NotAdded);
                outcome.Value.AsSpan().Fill(double.NaN);
                for (int k = 0; k < kept.Length; k++)
                {
                    outcome.Status[kept[k]] = compactOutcome.Status[k];
                    outcome.Value[kept[k]] = compactOutcome.Value[k];
                }
            });
        }
        FailedEvaluations += results.FailedCount;
        LastFailures = results.Failures;
        return outcome;
    }

    /// <summary>Runs one ask–evaluate–tell iteration.</summary>
    /// <exception cref="EvaluationFailureException">
    /// Every candidate failed in more consecutive iterations than <see cref="SearchRunnerOptions.MaxConsecutiveFailedBatches"/>.
    /// </exception>
    public ValueTask<IterationReport> StepAsync(int totalIterations, CancellationToken cancellationToken = default) =>
        StepAsync(totalIterations, report: true, cancellationToken);

    // Without a report (report: false, when no observer is listening), the archive statistics,
    // whose cost grows with the number of elites, are not computed for the iteration.
    private async ValueTask<IterationReport> StepAsync(int totalIterations, bool report, CancellationToken cancellationToken)
    {
        _clock ??= Stopwatch.StartNew();
        long t0 = Stopwatch.GetTimestamp();
        int added = 0, improved = 0, gradientPoints = 0;
        if (Scheduler is IGradientScheduler<T> gradientScheduler)
        {
            try
            {
                gradientPoints = await GradientPhaseAsync(gradientScheduler, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Scheduler.Abandon();
                throw;
            }
            Count(gradientScheduler.LastDqdStatus, ref added, ref improved);
            t0 = Stopwatch.GetTimestamp();
        }
        var batch = Scheduler.Ask();
        var results = ResultsFor(batch.Count);
        long t1 = Stopwatch.GetTimestamp();
        try
        {
            await EvaluateAsync(batch, results, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Scheduler.Abandon(); // a failed or cancelled step leaves the scheduler ready for the next ask
            throw;
        }
        long t2 = Stopwatch.GetTimestamp();
        bool batchFailed = batch.Count > 0 && results.FailedCount == batch.Count;
        if (batchFailed)
        {
            Scheduler.Abandon();
        }
        else
        {
            try
            {
                WhileArchiveRejects(results, () => Scheduler.Tell(results));
            }
            catch
            {
                Scheduler.Abandon();
                throw;
            }
        }
        if (Timings is { } timings)
        {
            timings.AskTicks += t1 - t0;
            timings.EvaluateTicks += t2 - t1;
            timings.TellTicks += Stopwatch.GetTimestamp() - t2;
        }
        Iteration++;
        Evaluations += gradientPoints + batch.Count;
        FailedEvaluations += results.FailedCount;
        LastFailures = results.Failures;
        _consecutiveFailedBatches = batchFailed ? _consecutiveFailedBatches + 1 : 0;
        if (!batchFailed) Count(Scheduler.LastStatus, ref added, ref improved);
        var iterationReport = default(IterationReport);
        if (report || Observers.Count > 0)
        {
            iterationReport = new IterationReport(Iteration, totalIterations, Evaluations, Scheduler.ReportedArchive.Statistics, Elapsed, added, improved)
            {
                Failures = LastFailures,
                BatchFailed = batchFailed,
            };
            foreach (var observer in Observers) observer.OnIteration(iterationReport);
        }
        int limit = Options.MaxConsecutiveFailedBatches;
        if (limit > 0 && _consecutiveFailedBatches >= limit)
        {
            throw new EvaluationFailureException(
                $"Every candidate failed in the last {_consecutiveFailedBatches} iterations (up to iteration {Iteration}); " +
                $"the first failure of the last one: {LastFailures[0]}", LastFailures);
        }
        return iterationReport;
    }

    private ValueTask EvaluateAsync(SolutionBatch<T> batch, EvaluationResults results, CancellationToken cancellationToken) =>
        PolicyEvaluation.EvaluateAsync(Evaluator, batch, results, Options.FailurePolicy, cancellationToken);

    /// <summary>
    /// Runs <paramref name="add"/>; when skipping failures and the archive rejects one candidate's
    /// values, marks that candidate as failed and tries again (nothing was changed by the rejected
    /// attempt). Stops when every candidate has failed.
    /// </summary>
    private void WhileArchiveRejects(EvaluationResults results, Action add)
    {
        while (true)
        {
            try
            {
                add();
                return;
            }
            catch (ArchiveInputException error) when (SkipFailed && error.CandidateIndex >= 0 && !results.IsFailed(error.CandidateIndex))
            {
                results.MarkFailed(error.CandidateIndex, CandidateFailureKind.RejectedByArchive, error.Message, error);
                if (results.FailedCount == results.Count) return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        // A search that cannot be checkpointed (e.g. a solution type without a codec) fails now, not at its first checkpoint.
        if (checkpointPath is not null && Iteration < totalIterations) WriteState(Stream.Null);
        while (Iteration < totalIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await StepAsync(totalIterations, report: false, cancellationToken).ConfigureAwait(false);
            bool due = checkpointEvery > 0 && Iteration % checkpointEvery == 0;
            if (checkpointPath is not null && (due || Iteration == totalIterations)) SaveCheckpoint(checkpointPath);
        }
    }

    /// <summary>
    /// Writes the complete search state to <paramref name="path"/> in the verified checkpoint
    /// format (<see cref="CheckpointFile"/>), atomically, keeping the previous checkpoint.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="extra">Further sections the caller keeps in the same file (e.g. what the run was configured with).</param>
    public void SaveCheckpoint(string path, params IReadOnlyList<CheckpointSection> extra)
    {
        CheckpointFile.Write(path, [new CheckpointSection(CheckpointSectionName, WriteState), .. extra]);
        foreach (var observer in Observers) observer.OnCheckpoint(Iteration);
    }

    /// <summary>The name of the runner's section in a checkpoint file.</summary>
    public const string CheckpointSectionName = "search-runner";

    private void WriteState(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        WriteState(writer);
    }

    private void WriteState(BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Iteration);
        writer.Write(Evaluations);
        writer.Write(Elapsed.Ticks);
        writer.Write(FailedEvaluations);
        writer.Write(_consecutiveFailedBatches);
        Scheduler.WriteState(writer);
    }

    /// <summary>Restores the state written by <see cref="SaveCheckpoint"/> into this runner.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, or is not a checkpoint of a search configured like this one.</exception>
    public void LoadCheckpoint(string path)
    {
        using var contents = CheckpointFile.Open(path);
        LoadCheckpoint(contents);
    }

    /// <summary>Restores this runner from its section of an open checkpoint (verified, or of the earlier unframed layout).</summary>
    /// <exception cref="InvalidDataException">The section is missing, or is not the state of a search configured like this one.</exception>
    public void LoadCheckpoint(CheckpointContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        string path = Path.GetFileName(contents.Path);
        contents.Read(CheckpointSectionName, reader => ReadState(reader, path));
    }

    private void ReadState(BinaryReader reader, string path)
    {
        if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not a search-runner checkpoint.");
        int version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion) throw new InvalidDataException($"{path} has runner state format {version}; this build reads formats 1 to {FormatVersion}.");
        int iteration = reader.ReadInt32();
        long evaluations = reader.ReadInt64();
        long elapsed = reader.ReadInt64();
        long failed = version >= 2 ? reader.ReadInt64() : 0;
        int consecutive = version >= 2 ? reader.ReadInt32() : 0;
        if (iteration < 0 || evaluations < 0 || elapsed < 0 || failed < 0 || failed > evaluations || consecutive < 0)
            throw new InvalidDataException($"{path} holds impossible counters (iteration {iteration}, evaluations {evaluations}, failed {failed}).");
        Scheduler.ReadState(reader);
        Iteration = iteration;
        Evaluations = evaluations;
        _elapsedBefore = TimeSpan.FromTicks(elapsed);
        FailedEvaluations = failed;
        _consecutiveFailedBatches = consecutive;
        LastFailures = [];
        _clock = null;
    }
}

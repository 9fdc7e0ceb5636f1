using System.Runtime.CompilerServices;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Base class for CPU-bound evaluators defined one solution at a time. Candidates are
/// evaluated in parallel across cores in contiguous chunks; results land in their own rows, so
/// the outcome does not depend on scheduling.
/// </summary>
/// <remarks>
/// Spreading a batch over cores costs tens of microseconds, more than a whole batch of a cheap
/// evaluation such as the LP sphere. The evaluator therefore keeps a running estimate of the
/// sequential cost per candidate, measured on a short sequential prefix of every batch, and only
/// goes parallel when the estimated time of the rest exceeds <see cref="ParallelThreshold"/>.
/// When the results ask for it (<see cref="EvaluationResults.CatchCandidateExceptions"/>), a
/// candidate whose evaluation throws is recorded as failed and the others are still evaluated.
/// CPU-bound evaluations cannot be interrupted, so there is no per-candidate timeout here.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public abstract class ParallelEvaluator<T> : IEvaluator<T>
{
    /// <inheritdoc />
    public abstract int MeasureDim { get; }

    /// <inheritdoc />
    public virtual int FeatureDim => 0;

    /// <summary>
    /// Batches with fewer candidates than this are evaluated on the calling thread, because
    /// for cheap evaluations the cost of spreading work exceeds the work itself.
    /// </summary>
    public int MinParallelBatch { get; init; } = 64;

    /// <summary>Maximum degree of parallelism; -1 means one worker per core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Estimated sequential batch time above which a batch is evaluated in parallel. Default
    /// 200 µs; <see cref="TimeSpan.Zero"/> always parallelises batches of at least <see cref="MinParallelBatch"/>.
    /// </summary>
    public TimeSpan ParallelThreshold { get; init; } = TimeSpan.FromMicroseconds(200);

    /// <summary>
    /// Estimated sequential batch time from which a batch below <see cref="ParallelThreshold"/> is
    /// shared with the spinning partner thread, which hands over in about a microsecond, where it
    /// has a core of its own (PartnerThread.ForArithmetic). Default 20 µs; tests set it to
    /// <see cref="TimeSpan.Zero"/> so that the choice does not depend on measured time.
    /// </summary>
    internal TimeSpan PartnerThreshold { get; init; } = TimeSpan.FromMicroseconds(20);
    private const int PartnerChunks = 8;

    // Running estimate of the sequential cost of one candidate, in stopwatch ticks; < 0 until measured.
    // Races between concurrent batches only blur the estimate, never the results.
    private double _ticksPerCandidate = -1;
    private const int ProbeCandidates = 8;

    /// <summary>Whether the last batch was spread over several workers (for tests and diagnostics).</summary>
    internal bool LastBatchParallel { get; private set; }

    /// <summary>
    /// Evaluates one solution: writes its measures (and features, when <see cref="FeatureDim"/>
    /// is positive) and returns its objective. Must be thread-safe.
    /// </summary>
    protected abstract double Evaluate(ReadOnlySpan<T> solution, Span<double> measures, Span<double> features);

    /// <inheritdoc />
    public ValueTask EvaluateAsync(SolutionBatch<T> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
    {
        int n = solutions.Count;
        results.EnsureFits(n, MeasureDim, FeatureDim);
        int workers = MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
        LastBatchParallel = false;
        if (n < MinParallelBatch || workers <= 1)
        {
            EvaluateRange(solutions, results, 0, n);
            return ValueTask.CompletedTask;
        }

        // Every batch starts with a short sequential probe that keeps the cost estimate fresh; the
        // very first candidate ever is not timed, since it pays for JIT compilation.
        int start = 0;
        if (_ticksPerCandidate < 0)
        {
            EvaluateRange(solutions, results, 0, 1);
            start = 1;
        }
        int probe = Math.Min(n - start, _ticksPerCandidate < 0 ? ProbeCandidates : 2);
        long clock = System.Diagnostics.Stopwatch.GetTimestamp();
        EvaluateRange(solutions, results, start, start + probe);
        UpdateCost((System.Diagnostics.Stopwatch.GetTimestamp() - clock) / (double)Math.Max(1, probe));
        start += probe;

        int remaining = n - start;
        double threshold = ParallelThreshold.TotalSeconds * System.Diagnostics.Stopwatch.Frequency;
        if (remaining == 0 || remaining * _ticksPerCandidate < threshold)
        {
            if (remaining * _ticksPerCandidate >= PartnerThreshold.TotalSeconds * System.Diagnostics.Stopwatch.Frequency
                && workers >= 2 && PartnerThread.ForArithmetic is { } partner
                && partner.TryFor(PartnerChunks, chunk => EvaluateChunk(solutions, results, start, remaining, chunk, PartnerChunks)))
            {
                LastBatchParallel = true;
                return ValueTask.CompletedTask;
            }
            EvaluateRange(solutions, results, start, n);
            return ValueTask.CompletedTask;
        }

        LastBatchParallel = true;
        int chunks = Math.Min(remaining, workers * 4);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        Parallel.For(0, chunks, options, chunk => EvaluateChunk(solutions, results, start, remaining, chunk, chunks));
        return ValueTask.CompletedTask;
    }

    // Chunk `chunk` of `chunks` contiguous, near-equal chunks of the `remaining` candidates from `start`.
    private void EvaluateChunk(SolutionBatch<T> solutions, EvaluationResults results, int start, int remaining, int chunk, int chunks) =>
        EvaluateRange(solutions, results, start + (int)((long)remaining * chunk / chunks), start + (int)((long)remaining * (chunk + 1) / chunks));

    private void UpdateCost(double ticksPerCandidate) =>
        _ticksPerCandidate = _ticksPerCandidate < 0 ? ticksPerCandidate : 0.5 * (_ticksPerCandidate + ticksPerCandidate);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EvaluateRange(SolutionBatch<T> solutions, EvaluationResults results, int start, int end)
    {
        if (results.CatchCandidateExceptions)
        {
            EvaluateRangeCatching(solutions, results, start, end);
            return;
        }
        for (int i = start; i < end; i++)
            results.Objectives[i] = Evaluate(solutions.Row(i), results.MeasuresOf(i), results.FeaturesOf(i));
    }

    // A candidate that throws is recorded as failed and the rest of the range goes on.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EvaluateRangeCatching(SolutionBatch<T> solutions, EvaluationResults results, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            try
            {
                results.Objectives[i] = Evaluate(solutions.Row(i), results.MeasuresOf(i), results.FeaturesOf(i));
            }
            catch (Exception error)
            {
                results.MarkFailed(i, CandidateFailureKind.Exception, $"{error.GetType().Name}: {error.Message}", error);
            }
        }
    }
}

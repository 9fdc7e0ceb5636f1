using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Base class for CPU-bound evaluators defined one solution at a time. Candidates are
/// evaluated in parallel across cores in contiguous chunks; results land in their own rows, so
/// the outcome does not depend on scheduling.
/// </summary>
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
        if (n < MinParallelBatch || workers <= 1)
        {
            EvaluateRange(solutions, results, 0, n);
            return ValueTask.CompletedTask;
        }

        int chunks = Math.Min(n, workers * 4);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        Parallel.For(0, chunks, options, chunk =>
        {
            int start = (int)((long)n * chunk / chunks);
            int end = (int)((long)n * (chunk + 1) / chunks);
            EvaluateRange(solutions, results, start, end);
        });
        return ValueTask.CompletedTask;
    }

    private void EvaluateRange(SolutionBatch<T> solutions, EvaluationResults results, int start, int end)
    {
        for (int i = start; i < end; i++)
            results.Objectives[i] = Evaluate(solutions.Row(i), results.MeasuresOf(i), results.FeaturesOf(i));
    }
}

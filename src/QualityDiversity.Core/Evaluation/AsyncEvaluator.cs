using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Base class for I/O-bound evaluators defined one solution at a time (remote models, services,
/// simulators behind a network). Up to <see cref="MaxConcurrency"/> candidates of a batch are
/// in flight at once; each writes only its own row of the results, so completion order does
/// not matter.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public abstract class AsyncEvaluator<T> : IEvaluator<T>
{
    private readonly int _maxConcurrency;

    /// <summary>Initialises the evaluator.</summary>
    /// <param name="maxConcurrency">Candidates evaluated at the same time (at least 1).</param>
    protected AsyncEvaluator(int maxConcurrency)
    {
        if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "max_concurrency must be at least 1.");
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>Candidates evaluated at the same time.</summary>
    public int MaxConcurrency => _maxConcurrency;

    /// <inheritdoc />
    public abstract int MeasureDim { get; }

    /// <inheritdoc />
    public virtual int FeatureDim => 0;

    /// <summary>
    /// Evaluates one solution: writes its measures (and features) and returns its objective.
    /// Called concurrently for different candidates.
    /// </summary>
    protected abstract Task<double> EvaluateOneAsync(ReadOnlyMemory<T> solution, Memory<double> measures, Memory<double> features, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async ValueTask EvaluateAsync(SolutionBatch<T> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
    {
        int n = solutions.Count;
        results.EnsureFits(n, MeasureDim, FeatureDim);

        int next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = solutions.Data.Slice(i * solutions.Width, solutions.Width);
                var measures = results.Measures.AsMemory(i * MeasureDim, MeasureDim);
                var features = results.Features.AsMemory(i * FeatureDim, FeatureDim);
                results.Objectives[i] = await EvaluateOneAsync(row, measures, features, cancellationToken).ConfigureAwait(false);
            }
        }

        var workers = new Task[Math.Min(_maxConcurrency, n)];
        for (int w = 0; w < workers.Length; w++) workers[w] = Worker();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}

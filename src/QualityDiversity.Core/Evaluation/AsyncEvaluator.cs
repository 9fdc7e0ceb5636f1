using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Base class for I/O-bound evaluators defined one solution at a time (remote models, services,
/// simulators behind a network). Up to <see cref="MaxConcurrency"/> candidates of a batch are
/// in flight at once; each writes only its own row of the results, so completion order does
/// not matter.
/// </summary>
/// <remarks>
/// <para>With a <see cref="CandidateTimeout"/>, each candidate gets a token that is cancelled
/// when its time is up, and the batch stops waiting for it at that moment even if the
/// evaluation ignores the token. Such a candidate writes into buffers of its own, copied into
/// the results only when it finishes in time, so a late finish cannot touch a later batch.</para>
/// <para>A timed-out or throwing candidate is recorded as failed when the results ask for it
/// (<see cref="EvaluationResults.CatchCandidateExceptions"/>); otherwise the batch throws (a
/// <see cref="TimeoutException"/> for a timeout). Cancelling the caller's token always throws.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public abstract class AsyncEvaluator<T> : IEvaluator<T>
{
    private readonly int _maxConcurrency;
    private readonly TimeSpan? _candidateTimeout;

    /// <summary>Initialises the evaluator.</summary>
    /// <param name="maxConcurrency">Candidates evaluated at the same time (at least 1).</param>
    protected AsyncEvaluator(int maxConcurrency)
    {
        if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "max_concurrency must be at least 1.");
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>Candidates evaluated at the same time.</summary>
    public int MaxConcurrency => _maxConcurrency;

    /// <summary>Longest time one candidate's evaluation may take; null (the default) for no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan? CandidateTimeout
    {
        get => _candidateTimeout;
        init
        {
            if (value is { } timeout && timeout <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(CandidateTimeout), timeout, "The candidate timeout must be positive.");
            _candidateTimeout = value;
        }
    }

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
                await EvaluateCandidateAsync(solutions, results, i, cancellationToken).ConfigureAwait(false);
            }
        }

        var workers = new Task[Math.Min(_maxConcurrency, n)];
        for (int w = 0; w < workers.Length; w++) workers[w] = Worker();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task EvaluateCandidateAsync(SolutionBatch<T> solutions, EvaluationResults results, int i, CancellationToken cancellationToken)
    {
        var row = solutions.Data.Slice(i * solutions.Width, solutions.Width);
        var measures = results.Measures.AsMemory(i * MeasureDim, MeasureDim);
        var features = results.Features.AsMemory(i * FeatureDim, FeatureDim);
        if (_candidateTimeout is not { } timeout)
        {
            if (!results.CatchCandidateExceptions)
            {
                results.Objectives[i] = await EvaluateOneAsync(row, measures, features, cancellationToken).ConfigureAwait(false);
                return;
            }
            try
            {
                results.Objectives[i] = await EvaluateOneAsync(row, measures, features, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                results.MarkFailed(i, CandidateFailureKind.Exception, $"{error.GetType().Name}: {error.Message}", error);
            }
            return;
        }

        var ownMeasures = new double[MeasureDim];
        var ownFeatures = new double[FeatureDim];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        double objective;
        try
        {
            objective = await EvaluateOneAsync(row, ownMeasures, ownFeatures, deadline.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && (error is TimeoutException || deadline.IsCancellationRequested))
        {
            string message = $"The evaluation did not finish within {timeout.TotalSeconds:0.###} s.";
            if (!results.CatchCandidateExceptions) throw new TimeoutException($"Candidate {i}: {message}", error);
            results.MarkFailed(i, CandidateFailureKind.Timeout, message);
            return;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && results.CatchCandidateExceptions)
        {
            results.MarkFailed(i, CandidateFailureKind.Exception, $"{error.GetType().Name}: {error.Message}", error);
            return;
        }
        results.Objectives[i] = objective;
        ownMeasures.AsSpan().CopyTo(measures.Span);
        ownFeatures.AsSpan().CopyTo(features.Span);
    }
}

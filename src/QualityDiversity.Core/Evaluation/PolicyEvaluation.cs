using QualityDiversity.Archives;
using QualityDiversity.Runs;
using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Evaluation under a <see cref="EvaluationFailurePolicy"/>, for every loop that evaluates
/// batches (<see cref="SearchRunner{T}"/> and loops of other layers, such as a learned-measure
/// search), so that all of them treat failures alike.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="batch"/> into <paramref name="results"/>. With
    /// <see cref="EvaluationFailurePolicy.SkipFailed"/>, a candidate that throws or times out is
    /// recorded as failed by the evaluator, an exception for the whole batch fails every
    /// candidate, and candidates with a non-finite objective or measure are marked failed; with
    /// <see cref="EvaluationFailurePolicy.FailFast"/> the evaluator's exception propagates.
    /// Cancellation always throws.
    /// </summary>
    public static async ValueTask EvaluateAsync<T>(IEvaluator<T> evaluator, SolutionBatch<T> batch, EvaluationResults results,
        EvaluationFailurePolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(results);
        results.ClearFailures();
        bool skip = policy == EvaluationFailurePolicy.SkipFailed;
        results.CatchCandidateExceptions = skip;
        if (!skip)
        {
            await evaluator.EvaluateAsync(batch, results, cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await evaluator.EvaluateAsync(batch, results, cancellationToken).ConfigureAwait(false);
        }
        // An unreachable evaluator says nothing about the candidates: the batch is not evaluated, not failed.
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is not (ArgumentException { ParamName: "results" } or EvaluatorUnavailableException))
        {
            results.MarkAllFailed(CandidateFailureKind.Exception, $"The evaluation of the whole batch failed: {error.GetType().Name}: {error.Message}", error);
        }
        results.MarkNonFinite();
    }

    /// <summary>
    /// The candidates of <paramref name="batch"/> that did not fail in <paramref name="results"/>,
    /// in their original order (the batch itself when none failed).
    /// </summary>
    public static CandidateBatch<T> Succeeded<T>(SolutionBatch<T> batch, EvaluationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var all = new CandidateBatch<T>(batch, results);
        if (results.FailedCount == 0) return all;
        return Schedulers.FailedCandidates.Compact(all, results.FailedMask().Span, results.MeasureDim, results.FeatureDim, out _);
    }
}

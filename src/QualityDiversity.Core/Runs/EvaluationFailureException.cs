using QualityDiversity.Evaluation;

namespace QualityDiversity.Runs;

/// <summary>
/// Every candidate of too many consecutive batches failed: the evaluator looks broken, so the
/// run stops. <see cref="Failures"/> holds the last batch's failures; the inner exception is the
/// first of them that carried one.
/// </summary>
public sealed class EvaluationFailureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EvaluationFailureException(string message, IReadOnlyList<CandidateFailure> failures)
        : base(message, failures.FirstOrDefault(f => f.Exception is not null)?.Exception)
    {
        Failures = failures;
    }

    /// <summary>The failures of the last batch, by candidate index.</summary>
    public IReadOnlyList<CandidateFailure> Failures { get; }
}

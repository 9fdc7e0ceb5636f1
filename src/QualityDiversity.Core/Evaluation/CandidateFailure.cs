namespace QualityDiversity.Evaluation;

/// <summary>
/// The record of one candidate whose evaluation failed: which candidate of the batch, why, and
/// the exception when there was one. A failed candidate is kept out of the archive.
/// </summary>
/// <param name="Index">The candidate's index in its batch.</param>
/// <param name="Kind">Why it failed.</param>
/// <param name="Message">A readable reason, naming the field (and measure index) for non-finite values.</param>
/// <param name="Exception">The exception the evaluator threw, or null for timeouts and non-finite values.</param>
public sealed record CandidateFailure(int Index, CandidateFailureKind Kind, string Message, Exception? Exception = null)
{
    /// <inheritdoc />
    public override string ToString() => $"Candidate {Index}: {Kind}: {Message}";
}

namespace QualityDiversity.Evaluation;

/// <summary>Why the evaluation of one candidate gave no usable result.</summary>
public enum CandidateFailureKind : byte
{
    /// <summary>The evaluator threw while evaluating the candidate (or the whole batch).</summary>
    Exception = 0,

    /// <summary>The evaluation did not finish within the per-candidate timeout.</summary>
    Timeout = 1,

    /// <summary>The evaluation returned a NaN or infinite objective.</summary>
    NonFiniteObjective = 2,

    /// <summary>The evaluation wrote a NaN or infinite measure.</summary>
    NonFiniteMeasure = 3,

    /// <summary>The archive rejected the candidate's finite values (e.g. a categorical measure that names no label).</summary>
    RejectedByArchive = 4,
}

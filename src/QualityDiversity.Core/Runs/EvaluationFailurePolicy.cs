namespace QualityDiversity.Runs;

/// <summary>What a <see cref="SearchRunner{T}"/> does when evaluating candidates fails.</summary>
public enum EvaluationFailurePolicy
{
    /// <summary>
    /// A candidate whose evaluation throws, times out, gives a NaN or infinite objective or
    /// measure, or is rejected by the archive is recorded as failed and kept out of the archive;
    /// the rest of the batch proceeds. A batch in which every candidate failed is abandoned.
    /// </summary>
    SkipFailed = 0,

    /// <summary>
    /// The first failure throws out of the step (the evaluator's exception, a
    /// <see cref="TimeoutException"/>, or the archive's <see cref="Archives.ArchiveInputException"/>);
    /// the outstanding batch is abandoned, so the runner can step again.
    /// </summary>
    FailFast = 1,
}

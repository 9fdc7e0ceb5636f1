namespace QualityDiversity.Runs;

/// <summary>How a <see cref="SearchRunner{T}"/> treats failed evaluations.</summary>
public sealed record SearchRunnerOptions
{
    /// <summary>The options used when none are given: skip failed candidates, stop after 10 failed batches in a row.</summary>
    public static SearchRunnerOptions Default { get; } = new();

    /// <summary>Whether failed candidates are skipped (the default) or end the step with an exception.</summary>
    public EvaluationFailurePolicy FailurePolicy { get; init; } = EvaluationFailurePolicy.SkipFailed;

    /// <summary>
    /// With <see cref="EvaluationFailurePolicy.SkipFailed"/>: after this many consecutive
    /// iterations in which every candidate failed, the runner throws an
    /// <see cref="EvaluationFailureException"/> rather than spend the run on a broken evaluator.
    /// 0 never stops. Default 10.
    /// </summary>
    public int MaxConsecutiveFailedBatches { get; init; } = 10;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(FailurePolicy))
            throw new ArgumentOutOfRangeException(nameof(FailurePolicy), FailurePolicy, "The failure policy must be SkipFailed or FailFast.");
        if (MaxConsecutiveFailedBatches < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveFailedBatches), MaxConsecutiveFailedBatches, "max_consecutive_failed_batches must not be negative.");
    }
}

namespace QualityDiversity.Learning.Judges;

/// <summary>What became of an answer given to a <see cref="JudgingQueue"/>.</summary>
public enum JudgingAnswerResult
{
    /// <summary>The answer was recorded as a judgment.</summary>
    Accepted,

    /// <summary>The rater skipped the triplet: it is declined and leaves the queue.</summary>
    Skipped,

    /// <summary>The triplet is not waiting (already answered or skipped, or never posted); nothing changed.</summary>
    NotPending,
}

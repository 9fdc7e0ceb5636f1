namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// An unanswered similarity question: "which of <see cref="A"/> and <see cref="B"/> is more
/// like <see cref="Reference"/>?". Judges answer triplets with <see cref="Judgment"/>s that
/// carry the very same item instances, which is how an answer is matched to its question.
/// </summary>
/// <param name="Reference">The reference candidate.</param>
/// <param name="A">The first candidate.</param>
/// <param name="B">The second candidate.</param>
public sealed record Triplet(JudgedItem Reference, JudgedItem A, JudgedItem B)
{
    /// <summary>The question a judgment answered (the same item instances).</summary>
    public static Triplet Of(Judgment judgment)
    {
        ArgumentNullException.ThrowIfNull(judgment);
        return new Triplet(judgment.Reference, judgment.A, judgment.B);
    }

    /// <summary>The same question with the candidates in the other order.</summary>
    public Triplet Swapped() => new(Reference, B, A);

    /// <summary>Answers this question.</summary>
    /// <param name="answer">Which candidate is more similar to the reference.</param>
    /// <param name="judgeKind">What kind of judge answered.</param>
    /// <param name="judgeName">Name of the judge.</param>
    /// <param name="answeredAt">When the answer was given.</param>
    public Judgment Answer(TripletAnswer answer, JudgeKind judgeKind, string judgeName, DateTimeOffset answeredAt) =>
        new(Reference, A, B, answer, judgeKind, judgeName, answeredAt);

    /// <summary>
    /// True when <paramref name="judgment"/> answers this question: it holds the same item
    /// instances (reference equality, not value equality) in the same order.
    /// </summary>
    public bool IsAnsweredBy(Judgment judgment)
    {
        ArgumentNullException.ThrowIfNull(judgment);
        return ReferenceEquals(judgment.Reference, Reference)
            && ReferenceEquals(judgment.A, A)
            && ReferenceEquals(judgment.B, B);
    }
}

using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// Answers similarity questions: simulated from ground truth, replayed from a file, asked of a
/// person or of a language model. Batched and asynchronous so that slow judges (people, remote
/// models) can answer many questions per round trip.
/// </summary>
/// <remarks>
/// <para>
/// A judge may decline a question (a person skips it, a recording has no answer for it, a model
/// gives no usable answer). Declining is expressed by leaving the question out: the returned list
/// holds one judgment per answered triplet, in the order of <c>triplets</c>, and each judgment
/// carries that triplet's own <see cref="JudgedItem"/> instances (<see cref="Triplet.IsAnsweredBy"/>).
/// <see cref="JudgeAnswers.Declined"/> lists the triplets that were left out.
/// </para>
/// </remarks>
public interface IJudge
{
    /// <summary>What kind of judge this is.</summary>
    JudgeKind Kind { get; }

    /// <summary>The judge's name as recorded in its judgments.</summary>
    string Name { get; }

    /// <summary>Answers as many of <paramref name="triplets"/> as the judge will.</summary>
    /// <param name="triplets">The questions, in the order they should be asked.</param>
    /// <param name="cancellationToken">Stops the judge; already given answers are lost with the exception.</param>
    /// <returns>The answers, in question order, one per answered triplet; declined triplets are absent.</returns>
    ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default);
}

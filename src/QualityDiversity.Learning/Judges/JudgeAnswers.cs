using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>Helpers for matching a judge's answers to the questions it was asked.</summary>
public static class JudgeAnswers
{
    /// <summary>
    /// The triplets of <paramref name="asked"/> that <paramref name="answers"/> leaves out, i.e.
    /// that the judge declined, in question order.
    /// </summary>
    /// <param name="asked">The triplets given to <see cref="IJudge.JudgeAsync"/>.</param>
    /// <param name="answers">What it returned.</param>
    /// <exception cref="InvalidOperationException">
    /// The answers are not an in-order subsequence of the questions (a judgment answers no
    /// question, or answers are out of order), so the judge broke the <see cref="IJudge"/> contract.
    /// </exception>
    public static IReadOnlyList<Triplet> Declined(IReadOnlyList<Triplet> asked, IReadOnlyList<Judgment> answers)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(answers);
        var declined = new List<Triplet>();
        int next = 0;
        // Greedy matching finds an in-order subsequence whenever one exists, duplicates included.
        foreach (Triplet triplet in asked)
        {
            if (next < answers.Count && triplet.IsAnsweredBy(answers[next])) next++;
            else declined.Add(triplet);
        }
        if (next != answers.Count)
            throw new InvalidOperationException(
                $"Answer {next} matches none of the remaining questions: a judge must return answers in question order, holding each question's own items.");
        return declined;
    }
}

using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// Answers from judgments already paid for when it can, and asks <see cref="Inner"/> only about
/// the rest: a resumed or repeated run re-asks the triplets it asked before, and this keeps it
/// from paying (a person's time, a model's tokens) for them twice. Replayed answers keep their
/// original judge and time.
/// </summary>
public sealed class ReplayingJudge : IJudge
{
    private readonly RecordedJudge _recorded;

    /// <summary>Creates the judge.</summary>
    /// <param name="inner">The judge asked about triplets with no recorded answer.</param>
    /// <param name="recorded">Judgments already given (for example, loaded from the run's judgments file).</param>
    public ReplayingJudge(IJudge inner, IEnumerable<Judgment> recorded)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(recorded);
        Inner = inner;
        _recorded = new RecordedJudge(recorded, inner.Name);
    }

    /// <summary>The judge asked about new triplets.</summary>
    public IJudge Inner { get; }

    /// <summary>Answers taken from the record so far.</summary>
    public int Replayed { get; private set; }

    /// <summary>Answers the inner judge gave so far.</summary>
    public int Asked { get; private set; }

    /// <inheritdoc />
    public JudgeKind Kind => Inner.Kind;

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <summary>Called with the inner judge's new answers (not replayed ones), so only those are appended to a record.</summary>
    public Action<IReadOnlyList<Judgment>>? OnNewAnswers { get; init; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        var answers = new Judgment?[triplets.Count];
        var unknown = new List<Triplet>();
        var unknownIndex = new List<int>();
        for (int i = 0; i < triplets.Count; i++)
        {
            if (_recorded.TryAnswer(triplets[i], out var recorded)) answers[i] = recorded;
            else
            {
                unknown.Add(triplets[i]);
                unknownIndex.Add(i);
            }
        }
        Replayed += triplets.Count - unknown.Count;
        if (unknown.Count > 0)
        {
            var fresh = await Inner.JudgeAsync(unknown, cancellationToken).ConfigureAwait(false);
            // The inner judge answers in question order, leaving out the triplets it declined.
            int next = 0;
            foreach (var judgment in fresh)
            {
                while (next < unknown.Count && !unknown[next].IsAnsweredBy(judgment)) next++;
                if (next == unknown.Count) throw new InvalidOperationException($"Judge '{Inner.Name}' returned an answer to a triplet it was not asked, or out of order.");
                answers[unknownIndex[next++]] = judgment;
            }
            Asked += fresh.Count;
            if (fresh.Count > 0) OnNewAnswers?.Invoke(fresh);
        }
        return answers.OfType<Judgment>().ToArray();
    }
}

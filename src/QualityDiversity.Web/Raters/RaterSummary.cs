using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Raters;

/// <summary>Per-rater counts and agreement from the raw records: who answered the run's triplets, and every gold answer.</summary>
internal static class RaterSummary
{
    /// <summary>Each rater's counts, by name: every rater in <paramref name="answered"/> or with a gold answer.</summary>
    public static IReadOnlyList<RaterStats> Stats(IReadOnlyDictionary<string, int> answered, IEnumerable<GoldAnswer> gold)
    {
        var byRater = gold.ToLookup(a => a.Rater, StringComparer.Ordinal);
        return answered.Keys.Union(byRater.Select(g => g.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(r => new RaterStats(r, answered.GetValueOrDefault(r),
                byRater[r].Count(a => a.Answer is not null), byRater[r].Count(a => a.Correct)))
            .ToArray();
    }

    /// <summary>Agreement between raters over the triplets (by key) that several of them answered.</summary>
    public static RaterAgreement Agreement(IEnumerable<GoldAnswer> gold)
    {
        int pairs = 0, agreeing = 0;
        foreach (var triplet in gold.Where(a => a.Answer is not null).GroupBy(a => a.Key, StringComparer.Ordinal))
        {
            int a = triplet.Count(x => x.Answer == TripletAnswer.A), n = triplet.Count(), b = n - a;
            // Pairs of raters among those who answered: those who agree chose the same side.
            pairs += n * (n - 1) / 2;
            agreeing += a * (a - 1) / 2 + b * (b - 1) / 2;
        }
        return new RaterAgreement(pairs, agreeing);
    }
}

namespace QualityDiversity.Web.Raters;

/// <summary>
/// How often raters give the same answer to a triplet shown to several of them (the gold
/// triplets): over every pair of raters and every triplet both answered, the share of pairs that agree.
/// </summary>
/// <param name="Pairs">Rater pairs compared, counted once per triplet.</param>
/// <param name="Agreeing">Of those, pairs that gave the same answer.</param>
internal sealed record RaterAgreement(int Pairs, int Agreeing)
{
    /// <summary>The share of agreeing pairs, or null when no triplet has two answers yet.</summary>
    public double? Rate => Pairs == 0 ? null : (double)Agreeing / Pairs;
}

namespace QualityDiversity.Web.Raters;

/// <summary>What one rater has done.</summary>
/// <param name="Rater">The rater's name.</param>
/// <param name="Answered">The run's triplets they answered (recorded judgments).</param>
/// <param name="GoldAnswered">Gold triplets they answered (skips not counted).</param>
/// <param name="GoldCorrect">Of those, how many with the known answer.</param>
internal sealed record RaterStats(string Rater, int Answered, int GoldAnswered, int GoldCorrect)
{
    /// <summary>The share of gold answered right, or null before the first gold answer.</summary>
    public double? GoldAccuracy => GoldAnswered == 0 ? null : (double)GoldCorrect / GoldAnswered;
}

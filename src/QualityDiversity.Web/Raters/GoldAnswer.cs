using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Raters;

/// <summary>A rater's answer to a gold triplet.</summary>
/// <param name="Rater">Who answered.</param>
/// <param name="Key">The gold triplet's <see cref="TripletKey"/>.</param>
/// <param name="Answer">The answer, or null for a skip (which is not scored).</param>
/// <param name="Correct">Whether it was the known answer (false for a skip).</param>
/// <param name="AnsweredAt">When.</param>
internal sealed record GoldAnswer(string Rater, string Key, TripletAnswer? Answer, bool Correct, DateTimeOffset AnsweredAt);

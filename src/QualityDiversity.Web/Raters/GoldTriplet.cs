using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Raters;

/// <summary>An attention-check question: a triplet whose answer is known, shown to every rater once.</summary>
/// <param name="Id">Its number on the page: negative, so it never collides with the run's triplets.</param>
/// <param name="Key">Its <see cref="TripletKey"/>.</param>
/// <param name="Triplet">The question.</param>
/// <param name="Known">The right answer.</param>
internal sealed record GoldTriplet(long Id, string Key, Triplet Triplet, TripletAnswer Known);

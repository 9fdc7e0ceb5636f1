using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>A triplet a <see cref="JudgingQueue"/> is waiting for someone to answer.</summary>
/// <param name="Id">The queue's number for it, unique for the queue's lifetime; answers name it.</param>
/// <param name="Key">The question's content key (<see cref="TripletKey.Of(Triplet)"/>), the same in every process that asks it.</param>
/// <param name="Triplet">The question.</param>
/// <param name="AskedAt">When the search posted it.</param>
public sealed record PendingTriplet(long Id, string Key, Triplet Triplet, DateTimeOffset AskedAt);

using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>An answer a <see cref="JudgingQueue"/> accepted, after it was handed to the queue's answer callback.</summary>
/// <param name="Pending">The triplet answered, with its key and the time it was asked.</param>
/// <param name="Judgment">The judgment.</param>
public sealed record JudgingQueueAnswer(PendingTriplet Pending, Judgment Judgment);

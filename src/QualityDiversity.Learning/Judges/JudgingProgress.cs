namespace QualityDiversity.Learning.Judges;

/// <summary>Where a <see cref="JudgingQueue"/> stands.</summary>
/// <param name="Posted">Triplets posted by the search's current measure update (0 while the search runs between updates).</param>
/// <param name="Waiting">Of those, the ones still waiting for an answer: the search refits once this reaches 0.</param>
/// <param name="Answered">Judgments given through the queue since it was created.</param>
/// <param name="Skipped">Triplets skipped since it was created.</param>
/// <param name="Stopped">Whether the queue was stopped (the run is ending).</param>
public readonly record struct JudgingProgress(int Posted, int Waiting, int Answered, int Skipped, bool Stopped);

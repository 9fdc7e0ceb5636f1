namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// One candidate shown in a similarity judgment: the feature vector a measure model learns
/// from, plus optional context that lets a judgment be shown again or re-featurised later.
/// </summary>
/// <param name="Features">Feature vector of the candidate (for example the arm's cos/sin of cumulative angles).</param>
/// <param name="Solution">The candidate's solution vector, when it is a real vector; lets features be recomputed.</param>
/// <param name="Text">A text rendering of the candidate for people and language models; the candidate itself for text domains.</param>
public sealed record JudgedItem(double[] Features, double[]? Solution = null, string? Text = null);

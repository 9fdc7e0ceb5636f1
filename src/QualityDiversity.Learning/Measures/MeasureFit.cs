namespace QualityDiversity.Learning.Measures;

/// <summary>The outcome of fitting a measure model.</summary>
/// <param name="Model">The fitted model.</param>
/// <param name="Epochs">Training epochs run (0 for closed-form fits such as PCA).</param>
/// <param name="ValidationAccuracy">Triplet accuracy on held-out judgments, for judgment-trained models; otherwise null.</param>
/// <param name="ValidationLoss">Loss on held-out data, when the fit has one; otherwise null.</param>
public sealed record MeasureFit(IMeasureModel Model, int Epochs, double? ValidationAccuracy, double? ValidationLoss);

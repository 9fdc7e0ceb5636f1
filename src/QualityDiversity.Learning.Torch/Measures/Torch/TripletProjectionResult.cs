namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>A triplet-trained projection together with its training history.</summary>
/// <param name="Fit">The fitted model and its summary (epochs, last validation accuracy).</param>
/// <param name="Model">The fitted projection (the same object as <c>Fit.Model</c>).</param>
/// <param name="ValidationAccuracies">Validation triplet accuracy after each epoch.</param>
/// <param name="TrainingTriplets">Judgments used for training (the rest validated).</param>
public sealed record TripletProjectionResult(
    MeasureFit Fit,
    DenseMeasureModel Model,
    IReadOnlyList<double> ValidationAccuracies,
    int TrainingTriplets);

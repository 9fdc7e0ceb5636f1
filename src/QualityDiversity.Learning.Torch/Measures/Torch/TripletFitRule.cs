namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>When <see cref="TripletProjectionLearner"/> stops training and which weights it keeps.</summary>
public enum TripletFitRule
{
    /// <summary>
    /// The QDHF reference's rule: from the twelfth epoch on (the reference checks its 0-based epoch
    /// index against <c>&gt; 10</c>), stop once the mean validation accuracy of the last
    /// <see cref="TripletProjectionOptions.EarlyStoppingWindow"/> epochs falls below that of the window
    /// one epoch earlier; keep the last epoch's weights. A fit can stop on an early plateau well
    /// below the accuracy the data allows.
    /// </summary>
    Protocol,

    /// <summary>
    /// Train until <see cref="TripletProjectionOptions.Patience"/> epochs pass without a new best
    /// validation accuracy (or <see cref="TripletProjectionOptions.MaxEpochs"/>), then keep the weights
    /// of the best epoch: a plateau does not end the fit, and a late decline does not cost accuracy.
    /// </summary>
    BestValidation,
}

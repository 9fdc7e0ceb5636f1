namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>A fitted autoencoder: its encoder as the measure model, its decoder, and the loss history.</summary>
/// <param name="Fit">The fitted encoder and its summary (epochs run, validation loss of the kept weights).</param>
/// <param name="Encoder">Features to codes (the same object as <c>Fit.Model</c>).</param>
/// <param name="Decoder">Codes back to features (standardised features when the options standardise).</param>
/// <param name="InitialValidationLoss">Validation loss of the freshly initialised network, before any training.</param>
/// <param name="ValidationLosses">Validation loss after each epoch.</param>
public sealed record AutoencoderResult(
    MeasureFit Fit,
    DenseMeasureModel Encoder,
    DenseMeasureModel Decoder,
    double InitialValidationLoss,
    IReadOnlyList<double> ValidationLosses);

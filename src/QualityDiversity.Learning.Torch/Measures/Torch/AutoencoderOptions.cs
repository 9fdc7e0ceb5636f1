using QualityDiversity.Learning.Torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// Settings of <see cref="AutoencoderLearner"/>; the defaults give AURORA's network
/// (in - 64 - 32 - 2 - 32 - 64 - in) trained with Adam on mean squared reconstruction error.
/// </summary>
public sealed record AutoencoderOptions
{
    /// <summary>Length of the code, which becomes the number of measures.</summary>
    public int CodeSize { get; init; } = 2;

    /// <summary>Encoder hidden widths, input side first; the decoder mirrors them.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 32];

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Rows per training step; each epoch visits the training rows once in a fresh random order.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Upper bound on training epochs; training stops earlier at the first epoch whose validation loss rises.</summary>
    public int MaxEpochs { get; init; } = 200;

    /// <summary>
    /// Epochs in the early-stopping window: training stops once the mean validation loss of the
    /// last this-many epochs exceeds that of the same window one epoch earlier.
    /// </summary>
    public int EarlyStoppingWindow { get; init; } = 10;

    /// <summary>Fraction of the rows, in data order, used for training; the rest validate.</summary>
    public double TrainFraction { get; init; } = 0.75;

    /// <summary>
    /// Whether to standardise each feature (mean 0, standard deviation 1 over the training rows)
    /// before encoding. Off by default, as in AURORA; the fitted model applies the same
    /// standardisation when projecting.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>Where to train.</summary>
    public TorchDevice Device { get; init; } = TorchDevice.Cpu;

    /// <summary>Torch intra-op threads while fitting (restored afterwards); 0 leaves torch's setting alone.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (CodeSize < 1) throw new ArgumentException($"{nameof(CodeSize)} must be at least 1 (was {CodeSize}).");
        if (HiddenSizes is null) throw new ArgumentException($"{nameof(HiddenSizes)} must not be null (use an empty list for a linear autoencoder).");
        for (int i = 0; i < HiddenSizes.Count; i++)
            if (HiddenSizes[i] < 1) throw new ArgumentException($"{nameof(HiddenSizes)}[{i}] must be at least 1 (was {HiddenSizes[i]}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"{nameof(LearningRate)} must be finite and positive (was {LearningRate}).");
        if (BatchSize < 1) throw new ArgumentException($"{nameof(BatchSize)} must be at least 1 (was {BatchSize}).");
        if (MaxEpochs < 1) throw new ArgumentException($"{nameof(MaxEpochs)} must be at least 1 (was {MaxEpochs}).");
        if (EarlyStoppingWindow < 1) throw new ArgumentException($"{nameof(EarlyStoppingWindow)} must be at least 1 (was {EarlyStoppingWindow}).");
        if (!(TrainFraction > 0 && TrainFraction < 1)) throw new ArgumentException($"{nameof(TrainFraction)} must lie strictly between 0 and 1 (was {TrainFraction}).");
        if (Device is null) throw new ArgumentException($"{nameof(Device)} must not be null.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must not be negative (was {Threads}).");
    }
}

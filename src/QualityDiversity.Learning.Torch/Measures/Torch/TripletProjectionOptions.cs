using QualityDiversity.Learning.Torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>Settings of <see cref="TripletProjectionLearner"/>; the defaults follow the QDHF paper.</summary>
public sealed record TripletProjectionOptions
{
    /// <summary>Number of learned measures k (the projection's output length).</summary>
    public int Measures { get; init; } = 2;

    /// <summary>Hidden layer widths of an MLP projection (ReLU after each); empty for a linear projection with bias.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [];

    /// <summary>Hinge margin of the triplet loss <c>mean(max(0, margin - y * d))</c>.</summary>
    public double Margin { get; init; } = 0.05;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Triplets per training step, drawn with replacement from the training split.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Upper bound on training epochs (each has max(1, training triplets / batch size) steps).</summary>
    public int MaxEpochs { get; init; } = 1000;

    /// <summary>Fraction of the judgments, in data order, used for training; the rest validate.</summary>
    public double TrainFraction { get; init; } = 0.75;

    /// <summary>
    /// Early stopping window w of <see cref="TripletFitRule.Protocol"/>: from epoch w + 2 on (as the
    /// reference), training stops once the mean validation accuracy of the last w epochs is below that
    /// of the w epochs ending one epoch earlier.
    /// </summary>
    public int EarlyStoppingWindow { get; init; } = 10;

    /// <summary>When training stops and which weights are kept; the default is the reference's rule.</summary>
    public TripletFitRule Fit { get; init; } = TripletFitRule.Protocol;

    /// <summary>Epochs without a new best validation accuracy after which <see cref="TripletFitRule.BestValidation"/> stops.</summary>
    public int Patience { get; init; } = 50;

    /// <summary>Where to train.</summary>
    public TorchDevice Device { get; init; } = TorchDevice.Cpu;

    /// <summary>Torch intra-op threads while fitting (restored afterwards); 0 leaves torch's setting alone.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Measures < 1) throw new ArgumentException($"{nameof(Measures)} must be at least 1 (was {Measures}).");
        if (HiddenSizes is null) throw new ArgumentException($"{nameof(HiddenSizes)} must not be null (use an empty list for a linear projection).");
        for (int i = 0; i < HiddenSizes.Count; i++)
            if (HiddenSizes[i] < 1) throw new ArgumentException($"{nameof(HiddenSizes)}[{i}] must be at least 1 (was {HiddenSizes[i]}).");
        if (!(Margin >= 0) || !double.IsFinite(Margin)) throw new ArgumentException($"{nameof(Margin)} must be finite and non-negative (was {Margin}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"{nameof(LearningRate)} must be finite and positive (was {LearningRate}).");
        if (BatchSize < 1) throw new ArgumentException($"{nameof(BatchSize)} must be at least 1 (was {BatchSize}).");
        if (MaxEpochs < 1) throw new ArgumentException($"{nameof(MaxEpochs)} must be at least 1 (was {MaxEpochs}).");
        if (!(TrainFraction > 0 && TrainFraction < 1)) throw new ArgumentException($"{nameof(TrainFraction)} must lie strictly between 0 and 1 (was {TrainFraction}).");
        if (EarlyStoppingWindow < 1) throw new ArgumentException($"{nameof(EarlyStoppingWindow)} must be at least 1 (was {EarlyStoppingWindow}).");
        if (!Enum.IsDefined(Fit)) throw new ArgumentException($"{nameof(Fit)} must be one of {string.Join(", ", Enum.GetNames<TripletFitRule>())} (was {(int)Fit}).");
        if (Patience < 1) throw new ArgumentException($"{nameof(Patience)} must be at least 1 (was {Patience}).");
        if (Device is null) throw new ArgumentException($"{nameof(Device)} must not be null.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must not be negative (was {Threads}).");
    }
}

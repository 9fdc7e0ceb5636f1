using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Torch;
using QualityDiversity.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// Learns measures from similarity judgments as QDHF does: a projection f from features to k
/// measures (linear with bias, or an MLP) trained so that, for each triplet, the candidate judged
/// more similar to the reference lies closer to it in measure space.
/// </summary>
/// <remarks>
/// With <c>d = ||f(ref) - f(a)||^2 - ||f(ref) - f(b)||^2</c> and <c>y = +1</c> when B was judged more
/// similar (else -1), the loss is <c>mean(max(0, margin - y d))</c>, minimised by Adam on batches drawn
/// with replacement from the first <see cref="TripletProjectionOptions.TrainFraction"/> of the judgments;
/// the rest measure validation accuracy (the share of triplets where <c>sign(d) = y</c>) after every
/// epoch, which drives early stopping (<see cref="TripletProjectionOptions.Fit"/>: the reference's rule, or
/// keeping the best-validation weights with a patience window). Every fit starts from fresh weights drawn from the given
/// <see cref="RandomSource"/>, which also draws the batches, so a seed fixes the result.
/// </remarks>
public sealed class TripletProjectionLearner : IJudgmentMeasureLearner
{
    /// <summary>Creates a learner.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TripletProjectionLearner(TripletProjectionOptions? options = null)
    {
        Options = options ?? new TripletProjectionOptions();
        Options.Validate();
    }

    /// <summary>The learner's settings.</summary>
    public TripletProjectionOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">There are fewer than two judgments, or feature vectors are missing, empty, of different lengths or not finite.</exception>
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded.</exception>
    public MeasureFit Fit(IReadOnlyList<Judgment> judgments, RandomSource random, CancellationToken cancellationToken = default) =>
        FitWithHistory(judgments, random, cancellationToken).Fit;

    /// <summary>Fits like <see cref="Fit"/> and also returns the per-epoch validation accuracies.</summary>
    /// <exception cref="ArgumentException">There are fewer than two judgments, or feature vectors are missing, empty, of different lengths or not finite.</exception>
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded.</exception>
    public TripletProjectionResult FitWithHistory(IReadOnlyList<Judgment> judgments, RandomSource random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(random);
        var data = TripletData.From(judgments);
        int n = data.Count, dim = data.FeatureDim, k = Options.Measures;
        int trainCount = Math.Clamp((int)Math.Floor(n * Options.TrainFraction), 1, n - 1);
        int validationCount = n - trainCount;
        int batch = Options.BatchSize;
        int steps = Math.Max(1, trainCount / batch);

        var device = Options.Device.Resolve();
        using var threads = TorchThreads.Use(Options.Threads);
        // Scalar arguments are built once and disposed when the fit ends, so they stay reachable through
        // every native call that reads them: an implicitly converted temporary could be finalized (and
        // its native scalar freed) by a collection on another thread while torch still reads it.
        using var constants = new Constants(Options.Margin);
        using var fitScope = NewDisposeScope();

        var items = TorchArrays.Copy(data.Items, [n, 3, dim], device);
        bool linear = Options.HiddenSizes.Count == 0;
        // A linear map sends a - ref and b - ref to f(a) - f(ref) and f(b) - f(ref), the bias cancelling
        // (its gradient is exactly zero), so the linear case trains on these differences: half the rows
        // and fewer graph nodes per step than projecting all three candidates.
        if (linear) items = (items.narrow(1, 1, 2) - items.narrow(1, 0, 1)).contiguous();
        var signs = TorchArrays.Copy(data.Signs, [n, 2, 1], device);
        var trainItems = items.narrow(0, 0, trainCount);
        var trainSigns = signs.narrow(0, 0, trainCount);
        var validationItems = items.narrow(0, trainCount, validationCount);
        var validationSigns = signs.narrow(0, trainCount, validationCount);

        var network = new TorchMlp([dim, .. Options.HiddenSizes, k], random, device);
        using var optimizer = new AdamOptimizer([network.Flat], Options.LearningRate);
        var accuracies = new List<double>();
        var indices = new long[steps * batch];
        var stopping = new TripletEarlyStopping(Options);
        DenseLayer[]? best = null;

        for (int epoch = 1; epoch <= Options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < indices.Length; i++) indices[i] = random.NextInt(trainCount);
            using (NewDisposeScope())
            {
                // One gather per epoch instead of one per step: per-call torch overhead dominates these small batches.
                var order = tensor(indices).to(device);
                var epochItems = trainItems.index_select(0, order);
                var epochSigns = trainSigns.index_select(0, order);
                for (int s = 0; s < steps; s++)
                {
                    using var stepScope = NewDisposeScope();
                    var signedDelta = SignedDelta(network, epochItems.narrow(0, s * batch, batch), epochSigns.narrow(0, s * batch, batch), dim, k, constants);
                    // margin - y d as -(y d) + margin: the native operation that `double - Tensor` performs.
                    var loss = nn.functional.relu(signedDelta.neg().add(constants.Margin, constants.One)).mean();
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.Step();
                }
            }

            accuracies.Add(ValidationAccuracy(network, validationItems, validationSigns, dim, k, constants));
            var verdict = stopping.After(accuracies);
            if (verdict.KeepWeights) best = network.Export();
            if (verdict.Stop) break;
        }

        var model = new DenseMeasureModel(best ?? network.Export());
        var fit = new MeasureFit(model, accuracies.Count, stopping.KeptAccuracy(accuracies), null);
        return new TripletProjectionResult(fit, model, accuracies, trainCount);
    }

    // y * d per triplet, with signs [m, 2, 1] = (y, -y) and items either [m, 3, dim] (reference, a, b)
    // or, for a linear projection, [m, 2, dim] (a - reference, b - reference). Squares use pow with an
    // explicit exponent: Tensor.square() converts its 2 to a scalar implicitly.
    private static Tensor SignedDelta(TorchMlp network, Tensor items, Tensor signs, int dim, int k, Constants constants)
    {
        if (network.LayerCount == 1) return (network.ForwardLinearWithoutBias(items).pow(constants.Two) * signs).sum([1, 2]);
        // All three candidates go through the network as one matrix product.
        var measures = network.Forward(items.reshape(-1, dim)).view(-1, 3, k);
        var offsets = measures.narrow(1, 1, 2) - measures.narrow(1, 0, 1);
        return (offsets.pow(constants.Two) * signs).sum([1, 2]);
    }

    private static double ValidationAccuracy(TorchMlp network, Tensor items, Tensor signs, int dim, int k, Constants constants)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long right = SignedDelta(network, items, signs, dim, k, constants).gt(constants.Zero).sum().item<long>();
        return (double)right / items.shape[0];
    }

    // The scalars a fit passes to torch, each integer or double as the implicit conversion it replaces
    // made it, so that torch computes exactly what it computed before.
    private sealed class Constants(double margin) : IDisposable
    {
        public Scalar Margin { get; } = margin.ToScalar();

        public Scalar Zero { get; } = 0.ToScalar();

        public Scalar One { get; } = 1.ToScalar();

        public Scalar Two { get; } = 2.ToScalar();

        public void Dispose()
        {
            Margin.Dispose();
            Zero.Dispose();
            One.Dispose();
            Two.Dispose();
        }
    }
}

using QualityDiversity.Learning.Torch;
using QualityDiversity.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// AURORA's learned measures: an autoencoder (by default in - 64 - 32 - 2 - 32 - 64 - in, ReLU
/// between layers, none on the code or the output) trained on mean squared reconstruction error;
/// its encoder maps features to measures.
/// </summary>
/// <remarks>
/// The first <see cref="AutoencoderOptions.TrainFraction"/> of the rows (in data order) train, the
/// rest validate. Training stops, as the AURORA baseline of QDHF's reference does, once more than
/// <see cref="AutoencoderOptions.EarlyStoppingWindow"/> epochs have run and the mean validation
/// loss of the last window is higher than that of the window one epoch earlier (or at
/// <see cref="AutoencoderOptions.MaxEpochs"/>); the final weights are kept. Initial weights and batch
/// order come from the given <see cref="RandomSource"/>, so a seed fixes the result.
/// </remarks>
public sealed class AutoencoderLearner : IFeatureMeasureLearner
{
    /// <summary>Creates a learner.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public AutoencoderLearner(AutoencoderOptions? options = null)
    {
        Options = options ?? new AutoencoderOptions();
        Options.Validate();
    }

    /// <summary>The learner's settings.</summary>
    public AutoencoderOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded.</exception>
    public MeasureFit Fit(ReadOnlySpan<double> features, int featureDim, RandomSource random, CancellationToken cancellationToken = default) =>
        FitWithDecoder(features, featureDim, random, cancellationToken).Fit;

    /// <summary>Fits like <see cref="Fit"/> and also returns the decoder and the loss history.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="featureDim"/> is not positive, the span is not a whole number of rows, there
    /// are fewer than two rows, or a value is not finite.
    /// </exception>
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded.</exception>
    public AutoencoderResult FitWithDecoder(ReadOnlySpan<double> features, int featureDim, RandomSource random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (featureDim <= 0) throw new ArgumentException($"featureDim must be positive (was {featureDim}).", nameof(featureDim));
        if (features.Length % featureDim != 0)
            throw new ArgumentException($"features holds {features.Length} values, not a whole number of rows of {featureDim}.", nameof(features));
        int rows = features.Length / featureDim;
        if (rows < 2) throw new ArgumentException($"At least 2 rows are needed, one to train on and one to validate with (got {rows}).", nameof(features));
        for (int i = 0; i < features.Length; i++)
            if (!double.IsFinite(features[i]))
                throw new ArgumentException($"Row {i / featureDim}, feature {i % featureDim} is not finite ({features[i]}).", nameof(features));

        int trainCount = Math.Clamp((int)Math.Floor(rows * Options.TrainFraction), 1, rows - 1);
        var (mean, scale) = Options.Standardize ? Standardisation(features, featureDim, trainCount) : (null, null);
        var values = new float[features.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int j = i % featureDim;
            values[i] = (float)(mean is null ? features[i] : (features[i] - mean[j]) / scale![j]);
        }

        var device = Options.Device.Resolve();
        using var threads = TorchThreads.Use(Options.Threads);
        using var fitScope = NewDisposeScope();
        var data = TorchArrays.Copy(values, [rows, featureDim], device);
        var train = data.narrow(0, 0, trainCount);
        var validation = data.narrow(0, trainCount, rows - trainCount);

        int[] encoderSizes = [featureDim, .. Options.HiddenSizes, Options.CodeSize];
        var encoder = new TorchMlp(encoderSizes, random, device);
        var decoder = new TorchMlp([.. encoderSizes.Reverse()], random, device);
        using var optimizer = new AdamOptimizer([encoder.Flat, decoder.Flat], Options.LearningRate);

        double initialLoss = ValidationLoss(encoder, decoder, validation);
        var losses = new List<double>();
        var kept = (Encoder: encoder.Export(), Decoder: decoder.Export(), Loss: initialLoss);
        var order = new long[trainCount];
        for (int i = 0; i < trainCount; i++) order[i] = i;
        int batch = Options.BatchSize;

        for (int epoch = 1; epoch <= Options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Shuffle(order, random);
            using (NewDisposeScope())
            {
                var epochRows = train.index_select(0, tensor(order).to(device));
                for (int start = 0; start < trainCount; start += batch)
                {
                    using var stepScope = NewDisposeScope();
                    var rowsIn = epochRows.narrow(0, start, Math.Min(batch, trainCount - start));
                    var loss = nn.functional.mse_loss(decoder.Forward(encoder.Forward(rowsIn)), rowsIn);
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.Step();
                }
            }

            double validationLoss = ValidationLoss(encoder, decoder, validation);
            losses.Add(validationLoss);
            kept = (encoder.Export(), decoder.Export(), validationLoss);
            if (LossRising(losses, Options.EarlyStoppingWindow)) break;
        }

        var encoderModel = new DenseMeasureModel(kept.Encoder, mean, scale);
        var decoderModel = new DenseMeasureModel(kept.Decoder);
        var fit = new MeasureFit(encoderModel, losses.Count, null, kept.Loss);
        return new AutoencoderResult(fit, encoderModel, decoderModel, initialLoss, losses);
    }

    // mean(loss[-w:]) > mean(loss[-w-1:-1]), once more than w epochs have run.
    private static bool LossRising(List<double> losses, int window)
    {
        int n = losses.Count;
        if (n <= window) return false;
        double last = 0, previous = 0;
        for (int i = 0; i < window; i++)
        {
            last += losses[n - 1 - i];
            previous += losses[n - 2 - i];
        }
        return last > previous;
    }

    private static double ValidationLoss(TorchMlp encoder, TorchMlp decoder, Tensor validation)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return nn.functional.mse_loss(decoder.Forward(encoder.Forward(validation)), validation).item<float>();
    }

    private static (double[] Mean, double[] Scale) Standardisation(ReadOnlySpan<double> features, int dim, int trainCount)
    {
        var mean = new double[dim];
        var scale = new double[dim];
        for (int r = 0; r < trainCount; r++)
            for (int j = 0; j < dim; j++) mean[j] += features[r * dim + j];
        for (int j = 0; j < dim; j++) mean[j] /= trainCount;
        for (int r = 0; r < trainCount; r++)
            for (int j = 0; j < dim; j++)
            {
                double d = features[r * dim + j] - mean[j];
                scale[j] += d * d;
            }
        for (int j = 0; j < dim; j++)
        {
            double sd = Math.Sqrt(scale[j] / trainCount);
            // A constant feature carries no information; dividing by 1 keeps it finite.
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        return (mean, scale);
    }

    private static void Shuffle(long[] order, RandomSource random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}

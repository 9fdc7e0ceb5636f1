using System.Diagnostics;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Randomness;
using Xunit.Abstractions;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

public class AutoencoderLearnerTests(ITestOutputHelper output)
{
    private const int Dim = 10;

    // Points x = A z with z uniform in [-1, 1]^2: data on a 2-D subspace of a 10-D space.
    private sealed class PlaneData
    {
        private readonly double[] _basis = new double[Dim * 2];

        public PlaneData(ulong seed) => new RandomSource(seed).FillGaussian(_basis);

        public double[] Embed(ReadOnlySpan<double> latent)
        {
            int rows = latent.Length / 2;
            var x = new double[rows * Dim];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < Dim; j++)
                    x[r * Dim + j] = _basis[j * 2] * latent[2 * r] + _basis[j * 2 + 1] * latent[2 * r + 1];
            return x;
        }

        public (double[] Latent, double[] Features) Sample(int rows, RandomSource random)
        {
            var latent = new double[rows * 2];
            random.FillUniform(latent, -1, 1);
            return (latent, Embed(latent));
        }
    }

    private static readonly PlaneData Plane = new(seed: 3);

    private static double[] Apply(QualityDiversity.Learning.Measures.IMeasureModel model, double[] input)
    {
        var result = new double[input.Length / model.FeatureDim * model.MeasureDim];
        model.Project(input, result);
        return result;
    }

    [Fact]
    public void Training_reduces_reconstruction_error_and_the_exported_networks_reproduce_it()
    {
        var (_, features) = Plane.Sample(1000, new RandomSource(1));
        var watch = Stopwatch.StartNew();
        var result = new AutoencoderLearner().FitWithDecoder(features, Dim, new RandomSource(2));
        output.WriteLine($"autoencoder fit: {watch.ElapsedMilliseconds} ms, {result.Fit.Epochs} epochs, loss {result.InitialValidationLoss:F4} -> {result.Fit.ValidationLoss:F4}");

        Assert.Same(result.Encoder, result.Fit.Model);
        Assert.Equal(Dim, result.Encoder.FeatureDim);
        Assert.Equal(2, result.Encoder.MeasureDim);
        Assert.Equal(3, result.Encoder.Layers.Count);
        Assert.Equal([64, 32, 2], result.Encoder.Layers.Select(l => l.Outputs));
        Assert.Equal([32, 64, Dim], result.Decoder.Layers.Select(l => l.Outputs));
        Assert.Equal(result.Fit.Epochs, result.ValidationLosses.Count);
        Assert.Null(result.Fit.ValidationAccuracy);
        double loss = result.Fit.ValidationLoss!.Value;
        Assert.True(loss < 0.25 * result.InitialValidationLoss, $"validation loss {loss} vs initial {result.InitialValidationLoss}");

        // Decoding the C# encoder's codes of fresh points reconstructs them about as well as torch did.
        var (_, fresh) = Plane.Sample(500, new RandomSource(4));
        var reconstructed = Apply(result.Decoder, Apply(result.Encoder, fresh));
        double mse = fresh.Zip(reconstructed, (a, b) => (a - b) * (a - b)).Average();
        output.WriteLine($"fresh-point reconstruction MSE {mse:F4}");
        Assert.True(mse < 1.5 * loss + 1e-3, $"fresh MSE {mse} vs validation loss {loss}");
    }

    [Fact]
    public void Training_stops_at_the_first_epoch_whose_ten_epoch_mean_loss_rose()
    {
        var (_, features) = Plane.Sample(300, new RandomSource(5));
        var result = new AutoencoderLearner(new AutoencoderOptions { MaxEpochs = 400 }).FitWithDecoder(features, Dim, new RandomSource(6));
        var losses = result.ValidationLosses;
        static bool Rising(IReadOnlyList<double> l, int n) => n > 10 && l.Skip(n - 10).Take(10).Average() > l.Skip(n - 11).Take(10).Average();

        Assert.True(losses.Count > 10);
        Assert.Equal(losses.Count, result.Fit.Epochs);
        if (losses.Count < 400) Assert.True(Rising(losses, losses.Count));
        for (int n = 1; n < losses.Count; n++) Assert.False(Rising(losses, n), $"should have stopped after epoch {n}");
        Assert.Equal(losses[^1], result.Fit.ValidationLoss);
    }

    [Fact]
    public void Codes_keep_near_points_nearer_than_far_points()
    {
        var (_, features) = Plane.Sample(1000, new RandomSource(5));
        var encoder = new AutoencoderLearner().Fit(features, Dim, new RandomSource(6)).Model;

        var random = new RandomSource(7);
        int trials = 400, kept = 0;
        for (int t = 0; t < trials; t++)
        {
            // p and a near neighbour (latent distance 0.05) versus p and a point at least 0.8 away.
            double[] p = [random.NextDouble(-0.9, 0.9), random.NextDouble(-0.9, 0.9)];
            double angle = random.NextDouble(0, 2 * Math.PI);
            double[] near = [p[0] + 0.05 * Math.Cos(angle), p[1] + 0.05 * Math.Sin(angle)];
            double[] far;
            do far = [random.NextDouble(-1, 1), random.NextDouble(-1, 1)];
            while (SimulatedTriplets.SquaredDistance(p, far) < 0.64);

            var codes = Apply(encoder, Plane.Embed([.. p, .. near, .. far]));
            double toNear = SimulatedTriplets.SquaredDistance(codes.AsSpan(0, 2), codes.AsSpan(2, 2));
            double toFar = SimulatedTriplets.SquaredDistance(codes.AsSpan(0, 2), codes.AsSpan(4, 2));
            if (toNear < toFar) kept++;
        }
        output.WriteLine($"neighbourhoods kept: {kept}/{trials}");
        Assert.True(kept >= 0.9 * trials, $"only {kept} of {trials} near pairs were nearer in code space");
    }

    [Fact]
    public void Standardised_model_carries_its_standardisation()
    {
        var (_, features) = Plane.Sample(200, new RandomSource(8));
        for (int i = 0; i < features.Length; i += Dim) features[i] = 100 + 50 * features[i];
        var options = new AutoencoderOptions { Standardize = true, MaxEpochs = 5 };
        var result = new AutoencoderLearner(options).FitWithDecoder(features, Dim, new RandomSource(9));

        var mean = result.Encoder.InputMean!;
        var scale = result.Encoder.InputScale!;
        double expectedMean = Enumerable.Range(0, 150).Average(r => features[r * Dim]);
        Assert.Equal(expectedMean, mean[0], 9);
        Assert.True(scale[0] > 10, $"scale of the shifted feature {scale[0]}");
        Assert.True(double.IsFinite(result.Fit.ValidationLoss!.Value));
    }

    [Fact]
    public void Same_seed_gives_the_same_encoder()
    {
        var (_, features) = Plane.Sample(200, new RandomSource(10));
        var options = new AutoencoderOptions { MaxEpochs = 5 };
        var first = new AutoencoderLearner(options).Fit(features, Dim, new RandomSource(11)).Model;
        var second = new AutoencoderLearner(options).Fit(features, Dim, new RandomSource(11)).Model;
        Assert.Equal(Apply(first, features), Apply(second, features));
    }

    [Fact]
    public void Same_seed_gives_the_same_encoder_wherever_the_managed_heap_places_new_arrays()
    {
        // Allocations of varying size between fits move where the next arrays land; weights copied
        // from them must not train differently because of their address.
        var (_, features) = Plane.Sample(300, new RandomSource(12));
        var options = new AutoencoderOptions { MaxEpochs = 10, BatchSize = 8 };
        var shifts = new List<byte[]>();
        double[]? first = null;
        for (int i = 0; i < 6; i++)
        {
            shifts.Add(new byte[8 * i + 1]);
            var codes = Apply(new AutoencoderLearner(options).Fit(features, Dim, new RandomSource(13)).Model, features);
            if (first is null) first = codes;
            else Assert.Equal(first, codes);
        }
        GC.KeepAlive(shifts);
    }

    [Fact]
    public void Malformed_input_is_rejected()
    {
        var learner = new AutoencoderLearner();
        var random = new RandomSource(1);
        Assert.Contains("whole number of rows", Assert.Throws<ArgumentException>(() => learner.Fit(new double[25], Dim, random)).Message);
        Assert.Contains("At least 2 rows", Assert.Throws<ArgumentException>(() => learner.Fit(new double[Dim], Dim, random)).Message);
        Assert.Contains("featureDim", Assert.Throws<ArgumentException>(() => learner.Fit(new double[Dim], 0, random)).Message);
        var withNaN = new double[3 * Dim];
        withNaN[Dim + 4] = double.NaN;
        Assert.Contains("Row 1, feature 4", Assert.Throws<ArgumentException>(() => learner.Fit(withNaN, Dim, random)).Message);
        Assert.Contains("CodeSize", Assert.Throws<ArgumentException>(() => new AutoencoderLearner(new AutoencoderOptions { CodeSize = 0 })).Message);
    }
}

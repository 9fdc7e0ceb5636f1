using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Random;

public class RandomSourceTests
{
    [Fact]
    public void Same_seed_gives_the_same_stream_and_streams_differ()
    {
        var a = new RandomSource(42);
        var b = new RandomSource(42);
        var c = RandomSource.ForStream(42, 1);
        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Uniform_doubles_and_integers_stay_in_range_and_are_balanced()
    {
        var random = new RandomSource(1);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            double u = random.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            counts[random.NextInt(7)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void Gaussian_draws_have_unit_variance_and_zero_mean()
    {
        var random = new RandomSource(5);
        var draws = new double[200_000];
        random.FillGaussian(draws);
        double mean = draws.Average();
        double variance = draws.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(draws.Count(x => Math.Abs(x) > 1.96) / (double)draws.Length, 0.045, 0.055);
    }

    [Fact]
    public void Gaussian_draws_follow_the_normal_distribution_including_the_tails()
    {
        var random = new RandomSource(77);
        const int n = 2_000_000;
        var points = new[] { -4.0, -3.5, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 3.5, 4.0 };
        var below = new int[points.Length];
        double sum3 = 0, sum4 = 0;
        for (int i = 0; i < n; i++)
        {
            double x = random.NextGaussian();
            sum3 += x * x * x;
            sum4 += x * x * x * x;
            for (int p = 0; p < points.Length; p++) if (x < points[p]) below[p]++;
        }
        for (int p = 0; p < points.Length; p++)
        {
            double expected = MathNet.Numerics.Distributions.Normal.CDF(0, 1, points[p]);
            double sd = Math.Sqrt(expected * (1 - expected) / n);
            Assert.True(Math.Abs(below[p] / (double)n - expected) < 5 * sd + 1e-7, $"P(X < {points[p]}) = {below[p] / (double)n}, expected {expected}");
        }
        Assert.InRange(sum3 / n, -0.02, 0.02);       // skewness 0
        Assert.InRange(sum4 / n, 2.95, 3.05);        // kurtosis 3
    }

    [Fact]
    public void Short_fills_give_the_same_values_as_single_draws()
    {
        var a = new RandomSource(21);
        var b = new RandomSource(21);
        var filled = new double[RandomSource.LaneFillThreshold - 1];
        for (int round = 0; round < 2_000; round++)
        {
            a.FillGaussian(filled);
            Assert.Equal(Enumerable.Range(0, filled.Length).Select(_ => b.NextGaussian()), filled);
        }
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Saved_state_resumes_the_same_stream()
    {
        var random = new RandomSource(9);
        random.NextGaussian();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) random.WriteState(writer);
        var expected = Enumerable.Range(0, 10).Select(_ => random.NextGaussian()).ToArray();

        stream.Position = 0;
        var restored = new RandomSource(0);
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => restored.NextGaussian()));
    }
}

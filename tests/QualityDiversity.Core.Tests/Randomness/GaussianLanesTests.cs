using MathNet.Numerics.Distributions;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Random;

/// <summary>
/// The vectorised Box–Muller path of <see cref="RandomSource.FillGaussian(Span{double})"/>:
/// distribution, independence, lengths, determinism across implementations, and the accuracy
/// of its own logarithm, sine and cosine.
/// </summary>
public class GaussianLanesTests
{
    private const int Million = 1_000_000;

    private static readonly GaussianKernel[] Kernels =
        [GaussianKernel.Scalar, GaussianKernel.Vector128, GaussianKernel.Vector256, GaussianKernel.Vector512];

    private static double[] Fill(ulong seed, int length, GaussianKernel kernel = GaussianKernel.Auto)
    {
        var values = new double[length];
        new RandomSource(seed).FillGaussian(values, kernel);
        return values;
    }

    [Fact]
    public void Moments_match_the_standard_normal()
    {
        var draws = Fill(3, Million);
        double mean = draws.Average();
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (double x in draws)
        {
            double d = x - mean, d2 = d * d;
            m2 += d2; m3 += d2 * d; m4 += d2 * d2;
        }
        m2 /= draws.Length; m3 /= draws.Length; m4 /= draws.Length;
        // Standard errors at n = 10⁶: mean 0.001, variance 0.0014, skewness 0.0024, kurtosis 0.0049.
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(m2, 0.993, 1.007);
        Assert.InRange(m3 / Math.Pow(m2, 1.5), -0.012, 0.012);
        Assert.InRange(m4 / (m2 * m2), 2.975, 3.025);
    }

    [Fact]
    public void Tail_frequencies_match_the_standard_normal()
    {
        const int n = 4 * Million;
        var draws = Fill(11, n);
        foreach (double threshold in new[] { 1.0, 2.0, 3.0, 4.0, 4.5 })
        {
            double expected = 2 * Normal.CDF(0, 1, -threshold);
            double observed = draws.Count(x => Math.Abs(x) > threshold) / (double)n;
            double sd = Math.Sqrt(expected * (1 - expected) / n);
            Assert.True(Math.Abs(observed - expected) < 5 * sd, $"P(|Z| > {threshold}) = {observed}, expected {expected}");
        }
        // Largest possible radius: u ≥ 2⁻⁵² bounds |z| by √(104 ln 2) ≈ 8.49.
        Assert.All(draws, x => Assert.True(double.IsFinite(x) && Math.Abs(x) < 8.5));
    }

    [Fact]
    public void Kolmogorov_Smirnov_accepts_the_normal_distribution()
    {
        // One long fill and many emitter-sized fills (which reseed the lanes every call).
        var single = Fill(5, Million);
        var random = new RandomSource(6);
        var batched = new double[Million];
        for (int offset = 0; offset < Million; offset += 54_000)
            random.FillGaussian(batched.AsSpan(offset, Math.Min(54_000, Million - offset)));

        foreach (var draws in new[] { single, batched })
        {
            Array.Sort(draws);
            double d = 0;
            for (int i = 0; i < draws.Length; i++)
            {
                double cdf = Normal.CDF(0, 1, draws[i]);
                d = Math.Max(d, Math.Max((i + 1.0) / draws.Length - cdf, cdf - (double)i / draws.Length));
            }
            // Critical value at significance 0.001 is 1.95/√n ≈ 0.00195.
            Assert.True(d < 1.95 / Math.Sqrt(draws.Length), $"Kolmogorov–Smirnov D = {d}");
        }
    }

    [Fact]
    public void Values_are_uncorrelated_across_positions_lanes_and_pairs()
    {
        var draws = Fill(8, Million);
        // Lag 1: neighbouring lanes; 8: the two values of one Box–Muller pair; 16: the same lane's
        // next pair; 7 and 9: other lanes across halves of a block. Squares catch shared radii.
        foreach (int lag in new[] { 1, 7, 8, 9, 16, 17 })
        {
            double r = Correlation(draws, lag, x => x);
            double r2 = Correlation(draws, lag, x => x * x);
            double bound = 5 / Math.Sqrt(draws.Length - lag);
            Assert.True(Math.Abs(r) < bound, $"lag {lag}: correlation {r}");
            Assert.True(Math.Abs(r2) < bound, $"lag {lag}: correlation of squares {r2}");
        }
    }

    private static double Correlation(double[] x, int lag, Func<double, double> transform)
    {
        int n = x.Length - lag;
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++)
        {
            double a = transform(x[i]), b = transform(x[i + lag]);
            sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
        }
        double cov = sab / n - sa / n * (sb / n);
        return cov / Math.Sqrt((saa / n - sa / n * (sa / n)) * (sbb / n - sb / n * (sb / n)));
    }

    [Fact]
    public void Box_Muller_pairs_point_in_uniform_directions()
    {
        // The pair (value 16j + l, value 16j + 8 + l) is one lane's (r cos θ, r sin θ); the angle
        // must be uniform over all sixteen sixteenths of the circle, not only the first octant.
        var draws = Fill(13, Million);
        var counts = new int[16];
        int pairs = 0;
        for (int block = 0; block + 16 <= draws.Length; block += 16)
            for (int lane = 0; lane < 8; lane++)
            {
                double angle = Math.Atan2(draws[block + 8 + lane], draws[block + lane]);
                counts[Math.Min(15, (int)((angle + Math.PI) / (2 * Math.PI) * 16))]++;
                pairs++;
            }
        double expected = pairs / 16.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 42, $"chi-square {chiSquare} over 15 degrees of freedom"); // p ≈ 2·10⁻⁴
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(79)]
    [InlineData(1001)]
    public void Any_length_is_filled_with_finite_values_and_long_fills_are_prefixes_of_longer_ones(int length)
    {
        var values = new double[length + 2];
        values[0] = values[^1] = double.NaN;   // guards either side must stay untouched
        var random = new RandomSource(17);
        random.FillGaussian(values.AsSpan(1, length));
        Assert.True(double.IsNaN(values[0]) && double.IsNaN(values[^1]));
        Assert.All(values[1..^1], x => Assert.True(double.IsFinite(x)));
        if (length > 1) Assert.True(values[1..^1].Distinct().Count() == length);

        // Lengths on the lane path use a fixed layout, so they agree with a longer fill's start.
        if (length >= RandomSource.LaneFillThreshold)
        {
            var longer = new double[2000];
            var other = new RandomSource(17);
            other.FillGaussian(longer);
            Assert.Equal(longer[..length], values[1..^1]);
            Assert.Equal(other.NextUInt64(), random.NextUInt64());
        }
    }

    [Fact]
    public void Lane_fills_advance_the_generator_by_eight_draws()
    {
        var random = new RandomSource(19);
        var reference = new RandomSource(19);
        random.FillGaussian(new double[5000]);
        for (int i = 0; i < GaussianLanes.Lanes; i++) reference.NextUInt64();
        Assert.Equal(reference.NextUInt64(), random.NextUInt64());
    }

    [Fact]
    public void Different_seeds_and_consecutive_fills_differ()
    {
        var a = Fill(1, 1000);
        var b = Fill(2, 1000);
        Assert.DoesNotContain(a, b.Contains);

        var random = new RandomSource(1);
        var first = new double[1000];
        var second = new double[1000];
        random.FillGaussian(first);
        random.FillGaussian(second);
        Assert.Equal(a, first);
        Assert.DoesNotContain(first, second.Contains);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1001)]
    [InlineData(54_000)]
    public void Every_implementation_gives_bit_identical_values(int length)
    {
        // Unaccelerated vector types run in software here, which still checks their arithmetic.
        var reference = Fill(23, length, GaussianKernel.Scalar);
        foreach (var kernel in Kernels.Skip(1).Append(GaussianKernel.Auto))
        {
            var values = Fill(23, length, kernel);
            for (int i = 0; i < length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(reference[i]) == BitConverter.DoubleToInt64Bits(values[i]),
                    $"{kernel} differs from the scalar path at {i}: {values[i]:R} vs {reference[i]:R}");
        }
    }

    [Fact]
    public void The_stream_is_pinned_to_known_values()
    {
        // Guards the exact sequence, which must not change with the machine or vector width.
        var values = Fill(2024, 100);
        Assert.Equal(ExpectedPinned, new[] { values[0], values[1], values[8], values[15], values[16], values[99] });
    }

    private static readonly double[] ExpectedPinned =
        [-0.16339813230789163, -0.9786239294614553, 1.7786638529805392, -0.33153625025793954, 0.7694355523845695, -0.21377274622421952];

    [Fact]
    public void Saved_state_resumes_the_same_lane_fills()
    {
        var random = new RandomSource(29);
        random.FillGaussian(new double[777]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) random.WriteState(writer);
        var expected = new double[5000];
        random.FillGaussian(expected);

        stream.Position = 0;
        var restored = new RandomSource(0);
        restored.ReadState(new BinaryReader(stream));
        var resumed = new double[5000];
        restored.FillGaussian(resumed);
        Assert.Equal(expected, resumed);
    }

    [Fact]
    public void Logarithm_is_accurate_over_the_whole_input_range()
    {
        Assert.Equal(0.0, GaussianLanes.MinusTwoLog(1.0));
        var random = new RandomSource(31);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // The kernel's inputs k·2⁻⁵², k = 1 … 2⁵², with log-uniform k to cover every binade.
            double u = Math.Max(1, Math.Floor(Math.Pow(2, 52 * random.NextDouble()))) * Math.Pow(2, -52);
            if (i % 4 == 0) u = 1 - (random.NextInt(1 << 20) + 1) * Math.Pow(2, -52);   // near 1, where ln u is small
            double exact = -2 * Math.Log(u);
            worst = Math.Max(worst, Math.Abs(GaussianLanes.MinusTwoLog(u) - exact) / exact);
        }
        // Own error ≤ 1.5 ulp (3.3·10⁻¹⁶) against a 50-digit reference; Math.Log adds up to about 1 ulp.
        Assert.True(worst < 8e-16, $"largest relative error {worst}");
    }

    [Fact]
    public void Sine_and_cosine_are_accurate_over_the_octant()
    {
        var (sin0, cos0) = GaussianLanes.SinCosQuarterPi(0);
        Assert.Equal(0.0, sin0);
        Assert.Equal(1.0, cos0);
        var random = new RandomSource(37);
        double worstSin = 0, worstCos = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double t = i == 0 ? -1 : random.NextDouble(-1, 1);
            var (sin, cos) = GaussianLanes.SinCosQuarterPi(t);
            double angle = t * (Math.PI / 4);
            if (t != 0) worstSin = Math.Max(worstSin, Math.Abs(sin - Math.Sin(angle)) / Math.Abs(Math.Sin(angle)));
            worstCos = Math.Max(worstCos, Math.Abs(cos - Math.Cos(angle)) / Math.Cos(angle));
        }
        // Own error ≤ 1.5 ulp; the reference adds the rounding of tπ/4 and of Math.Sin/Math.Cos.
        Assert.True(worstSin < 8e-16, $"largest relative error of sine {worstSin}");
        Assert.True(worstCos < 8e-16, $"largest relative error of cosine {worstCos}");
    }
}

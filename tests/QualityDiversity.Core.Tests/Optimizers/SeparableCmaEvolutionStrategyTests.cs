using QualityDiversity.Emitters;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

public class SeparableCmaEvolutionStrategyTests
{
    private static SeparableCmaEvolutionStrategy Create(int n, ulong seed = 1, double sigma0 = 1, double start = 3, int? lambda = null) =>
        new(n, sigma0, lambda ?? CmaEvolutionStrategy.DefaultPopulationSize(n), new RandomSource(seed), Enumerable.Repeat(start, n).ToArray());

    [Fact]
    public void Converges_on_the_sphere_in_100_dimensions()
    {
        var es = Create(100);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Sphere, 1e-10, 10_000);
        Assert.InRange(generations, 1, 10_000);
    }

    [Fact]
    public void Converges_on_the_axis_aligned_ellipsoid_in_10_and_100_dimensions()
    {
        var small = Create(10, seed: 2);
        Assert.InRange(new StrategyHarness(small).Minimise(StrategyHarness.Ellipsoid(6), 1e-8, 5_000), 1, 5_000);
        Assert.InRange(small.ConditionNumber, 1e4, 1e8);

        var large = Create(100, seed: 3);
        Assert.InRange(new StrategyHarness(large).Minimise(StrategyHarness.Ellipsoid(6), 1e-8, 30_000), 1, 30_000);
    }

    [Fact]
    public void Samples_follow_N_of_m_and_sigma_squared_diag_c()
    {
        var es = Create(3, seed: 4, start: 1);
        var harness = new StrategyHarness(es);
        for (int g = 0; g < 40; g++) harness.Step(StrategyHarness.Ellipsoid(3), 3);
        int n = 3, rows = 0;
        var sum = new double[n];
        var squares = new double[n];
        var buffer = new double[es.PopulationSize * n];
        for (int draw = 0; draw < 5_000; draw++)
        {
            es.Ask(buffer);
            for (int k = 0; k < es.PopulationSize; k++, rows++)
                for (int i = 0; i < n; i++)
                {
                    double d = buffer[k * n + i] - es.Mean[i];
                    sum[i] += d;
                    squares[i] += d * d;
                }
        }
        for (int i = 0; i < n; i++)
        {
            double variance = es.StepSize * es.StepSize * es.Variances[i];
            Assert.InRange(sum[i] / rows, -0.03 * Math.Sqrt(variance), 0.03 * Math.Sqrt(variance));
            Assert.InRange(squares[i] / rows / variance, 0.97, 1.03);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples_and_a_checkpoint_continues_identically()
    {
        var a = Create(20, seed: 8);
        var b = Create(20, seed: 8);
        var ha = new StrategyHarness(a);
        var hb = new StrategyHarness(b);
        for (int g = 0; g < 15; g++)
        {
            ha.Step(StrategyHarness.Sphere, 1 + g % 6);
            hb.Step(StrategyHarness.Sphere, 1 + g % 6);
            Assert.Equal(ha.Solutions, hb.Solutions);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        stream.Position = 0;
        var restored = new SeparableCmaEvolutionStrategy(20, 1, a.PopulationSize, new RandomSource(5));
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true)) restored.ReadState(reader);
        var hr = new StrategyHarness(restored);
        for (int g = 0; g < 20; g++)
        {
            ha.Step(StrategyHarness.Sphere, 1 + g % 6);
            hr.Step(StrategyHarness.Sphere, 1 + g % 6);
            Assert.Equal(ha.Solutions, hr.Solutions);
        }
        Assert.Equal(a.StepSize, restored.StepSize);
        Assert.Equal(a.Variances.ToArray(), restored.Variances.ToArray());

        stream.Position = 0;
        var wrongKind = new CmaEvolutionStrategy(20, 1, a.PopulationSize, new RandomSource(5));
        using var again = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => wrongKind.ReadState(again));
    }

    [Fact]
    public void Bounded_samples_stay_inside_in_1000_dimensions()
    {
        const int n = 1_000;
        var es = new SeparableCmaEvolutionStrategy(n, 1, CmaEvolutionStrategy.DefaultPopulationSize(n), new RandomSource(3));
        var bounds = SolutionBounds.Uniform(n, -0.01, 0.01);
        var solutions = new double[es.PopulationSize * n];
        es.Ask(solutions, bounds);
        Assert.All(solutions, x => Assert.InRange(x, -0.01, 0.01));
    }

    [Fact]
    public void Stop_criteria()
    {
        Assert.False(Create(5).ShouldStop([0.0, 1.0]));
        Assert.True(Create(5).ShouldStop([1.0, 1.0]));
        Assert.True(Create(5, sigma0: 1e-12).ShouldStop([0.0, 1.0]));
    }

    [Fact]
    public void Any_number_of_parents_per_tell_works()
    {
        var es = Create(10, seed: 5);
        int lambda = es.PopulationSize;
        int[] cycle = [1, 3, lambda / 2, lambda];
        Assert.InRange(new StrategyHarness(es).Minimise(StrategyHarness.Sphere, 1e-10, 5_000, g => cycle[g % cycle.Length]), 1, 5_000);
    }

    [Fact]
    public void Invalid_arguments_name_the_parameter()
    {
        var random = new RandomSource(1);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new SeparableCmaEvolutionStrategy(0, 1, 4, random)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentOutOfRangeException>(() => new SeparableCmaEvolutionStrategy(2, -1, 4, random)).ParamName);
        Assert.Equal("populationSize", Assert.Throws<ArgumentOutOfRangeException>(() => new SeparableCmaEvolutionStrategy(2, 1, 0, random)).ParamName);
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => new SeparableCmaEvolutionStrategy(2, 1, 4, null!)).ParamName);
        Assert.Equal("initialMean", Assert.Throws<ArgumentException>(() => new SeparableCmaEvolutionStrategy(2, 1, 4, random, [1.0])).ParamName);
        var es = new SeparableCmaEvolutionStrategy(2, 1, 4, random);
        Assert.Equal("solutions", Assert.Throws<ArgumentException>(() => es.Ask(new double[9])).ParamName);
        Assert.Equal("parents", Assert.Throws<ArgumentOutOfRangeException>(() => es.Tell(new double[8], [0], 2)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => es.Tell(new double[8], [-1], 1)).ParamName);
    }
}

using QualityDiversity.Emitters;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

public class LmMaEvolutionStrategyTests
{
    private static LmMaEvolutionStrategy Create(int n, ulong seed = 1, double sigma0 = 1, double start = 3, int? lambda = null) =>
        new(n, sigma0, lambda ?? CmaEvolutionStrategy.DefaultPopulationSize(n), new RandomSource(seed), initialMean: Enumerable.Repeat(start, n).ToArray());

    [Fact]
    public void Converges_on_the_sphere_in_100_dimensions()
    {
        var es = Create(100);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Sphere, 1e-10, 10_000);
        Assert.InRange(generations, 1, 10_000);
    }

    [Fact]
    public void Converges_on_an_ellipsoid_of_condition_one_thousand()
    {
        var es = Create(20, seed: 3);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Ellipsoid(3), 1e-8, 20_000);
        Assert.InRange(generations, 1, 20_000);
    }

    [Fact]
    public void First_update_follows_the_paper_by_hand()
    {
        const int n = 4, lambda = 2;
        double sigma0 = 0.5;
        var es = new LmMaEvolutionStrategy(n, sigma0, lambda, new RandomSource(2), initialMean: [1.0, 2.0, 3.0, 4.0]);
        var solutions = new double[lambda * n];
        es.Ask(solutions);
        // Before any update no direction vector is used, so z = (x - m) / sigma.
        double[] best = solutions[n..];
        double[] z = best.Select((x, j) => (x - (j + 1)) / sigma0).ToArray();
        es.Tell(solutions, [1, 0], 1);

        // mu = 1: the mean is the best row; c_sigma = 2 lambda / n = 1, so p_sigma = sqrt(mu_w c (2 - c)) z = z.
        Assert.Equal(best, es.Mean.ToArray());
        for (int j = 0; j < n; j++) Assert.Equal(z[j], es.StepSizePath[j], 14);
        double expected = sigma0 * Math.Exp(0.5 * (z.Sum(v => v * v) / n - 1));
        Assert.Equal(expected, es.StepSize, 14);
        Assert.Equal(1, es.Generations);
    }

    [Fact]
    public void A_checkpoint_continues_identically()
    {
        var a = Create(12, seed: 8, lambda: 6);
        var ha = new StrategyHarness(a);
        for (int g = 0; g < 15; g++) ha.Step(StrategyHarness.Sphere, 1 + g % 3);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        byte[] saved = stream.ToArray();
        var restored = new LmMaEvolutionStrategy(12, 1, 6, new RandomSource(5));
        restored.ReadState(new BinaryReader(new MemoryStream(saved)));
        var hr = new StrategyHarness(restored);
        for (int g = 0; g < 20; g++)
        {
            ha.Step(StrategyHarness.Sphere, 1 + g % 3);
            hr.Step(StrategyHarness.Sphere, 1 + g % 3);
            Assert.Equal(ha.Solutions, hr.Solutions);
        }
        Assert.Equal(a.StepSize, restored.StepSize);

        var wrongKind = new SeparableCmaEvolutionStrategy(12, 1, 6, new RandomSource(5));
        Assert.Throws<InvalidDataException>(() => wrongKind.ReadState(new BinaryReader(new MemoryStream(saved))));
    }

    [Fact]
    public void Bounded_samples_stay_inside()
    {
        var es = Create(50, lambda: 10, sigma0: 2);
        var bounds = SolutionBounds.Uniform(50, 2.9, 3.1);
        var solutions = new double[10 * 50];
        es.Ask(solutions, bounds);
        Assert.All(solutions, x => Assert.InRange(x, 2.9, 3.1));
    }

    [Fact]
    public void Invalid_arguments_name_the_parameter()
    {
        Assert.Equal("populationSize", Assert.Throws<ArgumentOutOfRangeException>(() => new LmMaEvolutionStrategy(4, 1, 5, new RandomSource(1))).ParamName);
        Assert.Equal("vectors", Assert.Throws<ArgumentOutOfRangeException>(() => new LmMaEvolutionStrategy(4, 1, 2, new RandomSource(1), vectors: 0)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentOutOfRangeException>(() => new LmMaEvolutionStrategy(4, 0, 2, new RandomSource(1))).ParamName);
    }
}

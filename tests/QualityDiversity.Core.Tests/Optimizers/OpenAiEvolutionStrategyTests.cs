using QualityDiversity.Emitters;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

public class OpenAiEvolutionStrategyTests
{
    [Fact]
    public void Minimises_the_sphere()
    {
        const int n = 10;
        var es = new OpenAiEvolutionStrategy(n, 0.05, 20, new RandomSource(4), learningRate: 0.02, initialMean: Enumerable.Repeat(3.0, n).ToArray());
        var harness = new StrategyHarness(es);
        for (int g = 0; g < 3000; g++) harness.Step(StrategyHarness.Sphere, 10);
        // From 90 at the start, Adam's steps of about 0.02 per coordinate reach the optimum's neighbourhood.
        Assert.True(StrategyHarness.Sphere(es.Mean.ToArray()) < 1e-2, $"f(mean) = {StrategyHarness.Sphere(es.Mean.ToArray())}");
    }

    [Fact]
    public void Mirrored_pairs_and_the_first_Adam_step_by_hand()
    {
        const int n = 3;
        double lr = 0.1, sigma = 0.5;
        var es = new OpenAiEvolutionStrategy(n, sigma, 2, new RandomSource(6), learningRate: lr, initialMean: [1.0, -1.0, 0.0]);
        var solutions = new double[2 * n];
        es.Ask(solutions);
        double[] eps = Enumerable.Range(0, n).Select(j => (solutions[j] - es.Mean[j]) / sigma).ToArray();
        for (int j = 0; j < n; j++) Assert.Equal(es.Mean[j] - sigma * eps[j], solutions[n + j], 14);

        // Row 0 ranked best: ranks 1/2 and -1/2, gradient = eps / sigma. Adam's first step moves
        // each coordinate by lr * g / (|g| + eps_adam / sqrt(1 - beta2)), i.e. lr * sign(g) up to 1e-8.
        double[] before = es.Mean.ToArray();
        es.Tell(solutions, [0, 1], 1);
        for (int j = 0; j < n; j++) Assert.Equal(before[j] + lr * Math.Sign(eps[j]), es.Mean[j], 6);
        Assert.Equal(sigma, es.StepSize);
    }

    [Fact]
    public void A_checkpoint_continues_identically()
    {
        var a = new OpenAiEvolutionStrategy(8, 0.2, 6, new RandomSource(3), learningRate: 0.05, initialMean: Enumerable.Repeat(1.0, 8).ToArray());
        var ha = new StrategyHarness(a);
        for (int g = 0; g < 10; g++) ha.Step(StrategyHarness.Sphere, 3);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        var restored = new OpenAiEvolutionStrategy(8, 0.2, 6, new RandomSource(9), learningRate: 0.05);
        stream.Position = 0;
        restored.ReadState(new BinaryReader(stream));
        var hr = new StrategyHarness(restored);
        for (int g = 0; g < 15; g++)
        {
            ha.Step(StrategyHarness.Sphere, 3);
            hr.Step(StrategyHarness.Sphere, 3);
            Assert.Equal(ha.Solutions, hr.Solutions);
        }
        Assert.Equal(a.Mean.ToArray(), restored.Mean.ToArray());
        Assert.Equal(a.LastUpdateRatio, restored.LastUpdateRatio);
    }

    [Fact]
    public void The_ranking_must_list_the_whole_population_and_mirroring_needs_an_even_batch()
    {
        var es = new OpenAiEvolutionStrategy(3, 0.5, 4, new RandomSource(1));
        var solutions = new double[12];
        es.Ask(solutions);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => es.Tell(solutions, [0, 1, 2], 2)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => es.Tell(solutions, [0, 1, 1, 2], 2)).ParamName);
        Assert.Equal("populationSize", Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiEvolutionStrategy(3, 0.5, 5, new RandomSource(1))).ParamName);
        var unmirrored = new OpenAiEvolutionStrategy(3, 0.5, 5, new RandomSource(1), mirrorSampling: false);
        Assert.Equal(5, unmirrored.PopulationSize);
    }

    [Fact]
    public void Bounded_samples_stay_inside()
    {
        var es = new OpenAiEvolutionStrategy(20, 3, 8, new RandomSource(2));
        var solutions = new double[8 * 20];
        es.Ask(solutions, SolutionBounds.Uniform(20, -1, 1));
        Assert.All(solutions, x => Assert.InRange(x, -1.0, 1.0));
    }
}

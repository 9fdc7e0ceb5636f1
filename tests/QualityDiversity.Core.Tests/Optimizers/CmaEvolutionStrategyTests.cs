using QualityDiversity.Emitters;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

public class CmaEvolutionStrategyTests
{
    private static CmaEvolutionStrategy Create(int n, ulong seed = 1, double sigma0 = 1, double start = 3, int? lambda = null) =>
        new(n, sigma0, lambda ?? CmaEvolutionStrategy.DefaultPopulationSize(n), new RandomSource(seed), Enumerable.Repeat(start, n).ToArray());

    [Fact]
    public void Default_population_size_is_4_plus_3_ln_n()
    {
        Assert.Equal(10, CmaEvolutionStrategy.DefaultPopulationSize(10));
        Assert.Equal(17, CmaEvolutionStrategy.DefaultPopulationSize(100));
        Assert.Equal(4, CmaEvolutionStrategy.DefaultPopulationSize(1));
    }

    [Fact]
    public void The_eigendecomposition_gap_follows_pyribs()
    {
        // pyribs: 0.5·λ / ((c_1 + c_μ)·n) evaluations with c_1, c_μ at μ = λ/2; ≈ 100 at n = 100, λ = 36.
        var es = new CmaEvolutionStrategy(100, 1, 36, new RandomSource(1));
        Assert.Equal(CmaEvolutionStrategy.DefaultLazyGapFactor, es.LazyGapFactor);
        Assert.InRange(es.EigendecompositionGap, 95, 105);
        var lazier = new CmaEvolutionStrategy(100, 1, 36, new RandomSource(1)) { LazyGapFactor = 5 };
        Assert.Equal(10 * es.EigendecompositionGap, lazier.EigendecompositionGap, 1e-9);
        var byEvaluations = new CmaEvolutionStrategy(100, 1, 36, new RandomSource(1)) { EigendecompositionGap = 360 };
        Assert.Equal(360, byEvaluations.EigendecompositionGap);
        Assert.Equal(360 / es.EigendecompositionGap * 0.5, byEvaluations.LazyGapFactor, 1e-9);
    }

    [Fact]
    public void Converges_on_the_sphere()
    {
        var es = Create(10);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Sphere, 1e-10, 3_000);
        Assert.InRange(generations, 1, 3_000);
        Assert.All(es.Mean.ToArray(), m => Assert.InRange(m, -1e-4, 1e-4));
    }

    [Fact]
    public void Converges_on_an_ill_conditioned_ellipsoid()
    {
        var es = Create(10, seed: 2);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Ellipsoid(6), 1e-8, 3_000);
        Assert.InRange(generations, 1, 3_000);
        // C has learned the scaling: its condition number approaches the Hessian's 10⁶.
        Assert.InRange(es.ConditionNumber, 1e4, 1e8);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void The_pyribs_update_converges_but_learns_the_ellipsoid_more_slowly_without_a_real_rank_one_term(int seed)
    {
        var standard = Create(10, (ulong)seed);
        var pyribs = new CmaEvolutionStrategy(10, 1, standard.PopulationSize, new RandomSource((ulong)seed), Enumerable.Repeat(3.0, 10).ToArray())
        {
            CovarianceUpdate = CmaCovarianceUpdate.Pyribs,
        };
        int standardGenerations = new StrategyHarness(standard).Minimise(StrategyHarness.Ellipsoid(6), 1e-8, 5_000);
        int pyribsGenerations = new StrategyHarness(pyribs).Minimise(StrategyHarness.Ellipsoid(6), 1e-8, 5_000);

        Assert.InRange(pyribsGenerations, 1, 5_000);
        Assert.True(pyribsGenerations > standardGenerations * 1.2,
            $"pyribs rule took {pyribsGenerations} generations, standard {standardGenerations}");
    }

    [Fact]
    public void Converges_on_a_rotated_ellipsoid_which_needs_the_full_covariance()
    {
        var es = Create(10, seed: 3);
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.RotatedEllipsoid(10, 6, seed: 5), 1e-8, 3_000);
        Assert.InRange(generations, 1, 3_000);
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples()
    {
        var a = Create(8, seed: 42);
        var b = Create(8, seed: 42);
        var ha = new StrategyHarness(a);
        var hb = new StrategyHarness(b);
        for (int g = 0; g < 30; g++)
        {
            ha.Step(StrategyHarness.Sphere, 4);
            hb.Step(StrategyHarness.Sphere, 4);
            Assert.Equal(ha.Solutions, hb.Solutions);
        }
        var other = new StrategyHarness(Create(8, seed: 43));
        other.Step(StrategyHarness.Sphere, 4);
        Assert.NotEqual(ha.Solutions, other.Solutions);
    }

    [Fact]
    public void A_restored_checkpoint_continues_bit_identically()
    {
        var original = Create(6, seed: 7);
        var harness = new StrategyHarness(original);
        var f = StrategyHarness.Ellipsoid(4);
        // Varying μ and enough generations that the eigensystem has been refreshed.
        for (int g = 0; g < 25; g++) harness.Step(f, 1 + g % 5);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) original.WriteState(writer);
        stream.Position = 0;
        var restored = new CmaEvolutionStrategy(6, 1, original.PopulationSize, new RandomSource(999));
        using (var reader = new BinaryReader(stream)) restored.ReadState(reader);

        Assert.Equal(original.StepSize, restored.StepSize);
        Assert.Equal(original.Mean.ToArray(), restored.Mean.ToArray());
        var continued = new StrategyHarness(restored);
        for (int g = 0; g < 30; g++)
        {
            harness.Step(f, 1 + g % 5);
            continued.Step(f, 1 + g % 5);
            Assert.Equal(harness.Solutions, continued.Solutions);
        }
        Assert.Equal(original.StepSize, restored.StepSize);
        Assert.Equal(original.ConditionNumber, restored.ConditionNumber);
    }

    [Fact]
    public void A_checkpoint_from_another_configuration_is_rejected()
    {
        var a = Create(6);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        foreach (var other in new IEvolutionStrategy[]
                 {
                     Create(7),
                     Create(6, lambda: 20),
                     Create(6, sigma0: 0.5),
                     new CmaEvolutionStrategy(6, 1, a.PopulationSize, new RandomSource(1)) { LazyGapFactor = 3 },
                     new SeparableCmaEvolutionStrategy(6, 1, a.PopulationSize, new RandomSource(1)),
                 })
        {
            stream.Position = 0;
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            Assert.Throws<InvalidDataException>(() => other.ReadState(reader));
        }
    }

    [Fact]
    public void A_truncated_checkpoint_leaves_the_strategy_unchanged()
    {
        var source = Create(5, seed: 1);
        new StrategyHarness(source).Step(StrategyHarness.Sphere, 3);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) source.WriteState(writer);
        var bytes = stream.ToArray();

        var target = Create(5, seed: 2);
        var reference = Create(5, seed: 2);
        using var reader = new BinaryReader(new MemoryStream(bytes[..^4]));
        Assert.Throws<EndOfStreamException>(() => target.ReadState(reader));
        var a = new StrategyHarness(target);
        var b = new StrategyHarness(reference);
        a.Step(StrategyHarness.Sphere, 3);
        b.Step(StrategyHarness.Sphere, 3);
        Assert.Equal(b.Solutions, a.Solutions);
    }

    [Fact]
    public void Non_finite_solutions_request_a_restart_instead_of_failing()
    {
        var es = new CmaEvolutionStrategy(3, 1, 6, new RandomSource(1)) { LazyGapFactor = 0 };
        var solutions = new double[18];
        es.Ask(solutions);
        solutions[4] = double.NaN;
        es.Tell(solutions, [1, 0, 2, 3, 4, 5], 3);
        Assert.True(es.ShouldStop([0.0, 1.0]));
        es.Reset([0.0, 0, 0]);
        Assert.False(es.ShouldStop([0.0, 1.0]));
    }

    [Fact]
    public void Samples_follow_N_of_m_and_sigma_squared_C()
    {
        // Adapt a non-trivial C, then decompose after every update so B and D match C exactly.
        var es = new CmaEvolutionStrategy(4, 1, 8, new RandomSource(11), [1, 2, 3, 4]) { LazyGapFactor = 0 };
        var harness = new StrategyHarness(es);
        var f = StrategyHarness.RotatedEllipsoid(4, 3, seed: 2);
        for (int g = 0; g < 60; g++) harness.Step(f, 4);

        int n = 4, rows = 0;
        var sum = new double[n];
        var outer = new double[n * n];
        var buffer = new double[es.PopulationSize * n];
        for (int draw = 0; draw < 5_000; draw++)
        {
            es.Ask(buffer);
            for (int k = 0; k < es.PopulationSize; k++, rows++)
                for (int i = 0; i < n; i++)
                {
                    double di = buffer[k * n + i] - es.Mean[i];
                    sum[i] += di;
                    for (int j = 0; j < n; j++) outer[i * n + j] += di * (buffer[k * n + j] - es.Mean[j]);
                }
        }
        var c = new double[n * n];
        es.CopyCovariance(c);
        double s2 = es.StepSize * es.StepSize;
        double scale = Enumerable.Range(0, n).Max(i => c[i * n + i]) * s2;
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(sum[i] / rows, -0.02 * Math.Sqrt(scale), 0.02 * Math.Sqrt(scale));
            for (int j = 0; j < n; j++)
                Assert.InRange(outer[i * n + j] / rows - s2 * c[i * n + j], -0.03 * scale, 0.03 * scale);
        }
    }

    [Fact]
    public void Bounded_samples_stay_inside_even_when_the_box_is_far_narrower_than_sigma()
    {
        const int n = 1_000;
        var es = new CmaEvolutionStrategy(n, 1, CmaEvolutionStrategy.DefaultPopulationSize(n), new RandomSource(3));
        var bounds = SolutionBounds.Uniform(n, -0.01, 0.01);
        // Resampling is bounded, then clipped: the ask returns (no endless resampling) with every value inside.
        var solutions = new double[es.PopulationSize * n];
        Array.Fill(solutions, double.NaN);
        es.Ask(solutions, bounds);
        Assert.All(solutions, x => Assert.InRange(x, -0.01, 0.01));
    }

    [Fact]
    public void Mild_bounds_are_met_by_resampling_rather_than_clipping()
    {
        var es = new CmaEvolutionStrategy(3, 0.3, 50, new RandomSource(4));
        var bounds = SolutionBounds.Uniform(3, -1, 1);
        var solutions = new double[150];
        es.Ask(solutions, bounds);
        Assert.All(solutions, x => Assert.InRange(x, -1, 1));
        // A clipped value would sit exactly on the bound; resampled ones essentially never do.
        Assert.DoesNotContain(solutions, x => Math.Abs(x) == 1);
    }

    [Fact]
    public void A_fresh_strategy_does_not_stop()
    {
        var es = Create(5);
        Assert.False(es.ShouldStop([0.0, 1.0, 2.0]));
        Assert.False(es.ShouldStop([]));
        Assert.False(es.ShouldStop([5.0]));
    }

    [Fact]
    public void A_flat_ranking_stops()
    {
        var es = Create(5);
        Assert.True(es.ShouldStop([1.0, 1.0, 1.0]));
        Assert.True(es.ShouldStop([2.0, 3.0, 2.0 + 1e-13]));
    }

    [Fact]
    public void A_collapsed_step_size_stops()
    {
        Assert.True(Create(5, sigma0: 1e-12).ShouldStop([0.0, 1.0]));

        // And a run that converges far enough collapses σ by itself.
        var es = Create(4);
        var harness = new StrategyHarness(es);
        int g = 0;
        while (!es.ShouldStop([0.0, 1.0]) && g < 5_000) { harness.Step(StrategyHarness.Sphere, es.PopulationSize / 2); g++; }
        Assert.True(g < 5_000);
        Assert.True(es.StepSize < 1e-8, $"σ = {es.StepSize}");
    }

    [Fact]
    public void An_extremely_ill_conditioned_covariance_stops()
    {
        var es = Create(3, seed: 9);
        var harness = new StrategyHarness(es);
        var f = StrategyHarness.Ellipsoid(24);
        int g = 0;
        while (!es.ShouldStop([0.0, 1.0]) && g < 10_000) { harness.Step(f, es.PopulationSize / 2); g++; }
        Assert.True(es.ConditionNumber > CmaEvolutionStrategy.MaxConditionNumber, $"Stopped after {g} generations with condition {es.ConditionNumber:E2}, σ = {es.StepSize:E2}.");
    }

    [Fact]
    public void Any_number_of_parents_per_tell_works()
    {
        var es = Create(10, seed: 5);
        int lambda = es.PopulationSize;
        int[] cycle = [1, 3, lambda / 2, lambda];
        int generations = new StrategyHarness(es).Minimise(StrategyHarness.Sphere, 1e-10, 5_000, g => cycle[g % cycle.Length]);
        Assert.InRange(generations, 1, 5_000);

        foreach (int mu in cycle)
        {
            var single = Create(10, seed: 6);
            int gens = new StrategyHarness(single).Minimise(StrategyHarness.Sphere, 1e-3, 5_000, _ => mu);
            Assert.InRange(gens, 1, 5_000);
        }
    }

    [Fact]
    public void Zero_parents_counts_the_evaluations_but_keeps_the_distribution()
    {
        var es = Create(4);
        var solutions = new double[es.PopulationSize * 4];
        es.Ask(solutions);
        var mean = es.Mean.ToArray();
        es.Tell(solutions, Enumerable.Range(0, es.PopulationSize).ToArray(), 0);
        Assert.Equal(mean, es.Mean.ToArray());
        Assert.Equal(1.0, es.StepSize);
        Assert.Equal(es.PopulationSize, es.Evaluations);
    }

    [Fact]
    public void Reset_restores_the_initial_distribution_but_not_the_random_stream()
    {
        var es = Create(4);
        var harness = new StrategyHarness(es);
        for (int g = 0; g < 20; g++) harness.Step(StrategyHarness.Sphere, 5);
        es.Reset([1, 1, 1, 1]);
        Assert.Equal(1.0, es.StepSize);
        Assert.Equal([1.0, 1, 1, 1], es.Mean.ToArray());
        Assert.Equal(1.0, es.ConditionNumber);
        Assert.Equal(0, es.Evaluations);
        Assert.False(es.ShouldStop([0.0, 1.0]));
    }

    [Fact]
    public void Invalid_arguments_name_the_parameter()
    {
        var random = new RandomSource(1);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(0, 1, 4, random)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, 0, 4, random)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, double.NaN, 4, random)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, double.PositiveInfinity, 4, random)).ParamName);
        Assert.Equal("populationSize", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, 1, 1, random)).ParamName);
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => new CmaEvolutionStrategy(2, 1, 4, null!)).ParamName);
        Assert.Equal("initialMean", Assert.Throws<ArgumentException>(() => new CmaEvolutionStrategy(2, 1, 4, random, [1.0, 2, 3])).ParamName);
        Assert.Equal("initialMean", Assert.Throws<ArgumentException>(() => new CmaEvolutionStrategy(2, 1, 4, random, [1.0, double.NaN])).ParamName);
        Assert.Equal("LazyGapFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, 1, 4, random) { LazyGapFactor = -1 }).ParamName);
        Assert.Equal("LazyGapFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, 1, 4, random) { LazyGapFactor = double.NaN }).ParamName);
        Assert.Equal("EigendecompositionGap", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEvolutionStrategy(2, 1, 4, random) { EigendecompositionGap = -1 }).ParamName);

        var es = new CmaEvolutionStrategy(2, 1, 4, random);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => es.Reset([1.0])).ParamName);
        Assert.Equal("solutions", Assert.Throws<ArgumentException>(() => es.Ask(new double[7])).ParamName);
        Assert.Equal("bounds", Assert.Throws<ArgumentException>(() => es.Ask(new double[8], SolutionBounds.Uniform(3, 0, 1))).ParamName);
        var solutions = new double[8];
        Assert.Equal("solutions", Assert.Throws<ArgumentException>(() => es.Tell(new double[6], [0, 1, 2], 1)).ParamName);
        Assert.Equal("parents", Assert.Throws<ArgumentOutOfRangeException>(() => es.Tell(solutions, [0, 1], 3)).ParamName);
        Assert.Equal("parents", Assert.Throws<ArgumentOutOfRangeException>(() => es.Tell(solutions, [0, 1], -1)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => es.Tell(solutions, [0, 4], 2)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => es.Tell(solutions, [0, 1, 2, 3, 0], 2)).ParamName);
        Assert.Equal(0, es.Evaluations); // rejected calls change nothing
    }
}

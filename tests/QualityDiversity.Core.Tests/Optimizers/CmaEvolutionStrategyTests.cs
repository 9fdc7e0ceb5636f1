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

    private sealed record PyribsGeneration(int Parents, double[] Solutions, int[] Ranking, double Sigma, double[] Mean);

    // Six tells of pyribs 0.8.3's CMAEvolutionStrategy (n 4, λ 8, σ₀ 0.7, mean 0) on fixed
    // solutions and rankings, with varying parent counts; after each, pyribs' σ and mean.
    // σ depends on p_σ, which goes through C^(-1/2) from the lazily refreshed eigensystem, so
    // matching it checks the covariance, h_σ and step-size rules and the refresh schedule.
    private static readonly PyribsGeneration[] PyribsTells =
    [
        new(4, [-0.801931, -1.324359, -0.248362, 0.420445, 1.136047, 0.109706, -0.552647, -0.78478, 0.748746, 1.634783, 0.272769, -1.233329, -0.958265, 1.600019, 0.202882, -1.732135, -0.083696, -1.163226, -0.629288, -0.488006, -0.713313, 0.553378, -0.063086, -0.589431, 0.409638, 0.829855, -1.643023, -0.25673, -0.980747, -0.173155, -1.289419, 0.02069],
            [2, 1, 5, 6, 0, 4, 7, 3],
            0.8078349804743319, [0.6364654221410871, 1.0111570721035636, -0.09054570630274478, -0.9726594310889344]),
        new(3, [0.274743, 0.097108, -0.398618, 0.035873, -0.427553, -0.603472, 0.449857, -0.439567, 1.080197, 0.777725, -1.031878, 0.481419, -0.434478, 0.322038, 0.329088, -1.02562, 0.144385, 0.129473, 0.941334, -0.487631, 0.792028, -0.432649, 0.079139, -0.260315, 1.265821, 0.678809, 1.921155, 0.727944, 0.863328, 0.860455, -0.104408, 0.253314],
            [6, 7, 4, 0, 2, 5, 1, 3],
            0.8665505243378594, [1.0633772675157367, 0.6874391538379331, 1.2679346190423768, 0.49759293293396534]),
        new(4, [1.200173, 0.423755, 0.683911, 0.590567, 0.870763, 0.437818, 0.532284, 0.707725, 0.645788, 0.215568, 0.998126, 0.022897, 0.066171, 0.030004, 1.029765, 0.43973, 0.168428, 0.095102, 0.787169, 0.131182, 0.034632, 0.872886, 0.06813, 0.456694, 0.596995, 0.402073, 0.575958, 1.19501, 0.370269, 0.040308, -0.216331, 0.508993],
            [1, 0, 6, 2, 5, 3, 4, 7],
            0.7823020598063818, [0.9164343289673992, 0.41947055492898017, 0.6011768344306081, 0.7154441712333764]),
        new(2, [0.795628, 0.978545, 0.762446, 0.758181, 0.686277, 0.745997, 0.947475, 0.787303, 0.929761, 1.463315, 1.041961, 0.43301, 1.413638, 1.003055, 0.621063, 1.168755, 0.905231, 0.717713, 0.712294, 0.60565, 0.914257, 1.216686, 0.803688, 1.024689, 1.455747, 0.540121, 0.976303, 0.809204, 0.586146, 0.596045, 0.895471, 1.028552],
            [5, 0, 1, 4, 3, 7, 6, 2],
            0.7326349027714695, [0.8910250359109597, 1.1700491476272399, 0.7956112846693454, 0.9724968354749517]),
        new(4, [1.094995, 1.210744, 1.342658, 1.25858, 1.371589, 1.29114, 1.296396, 1.560817, 1.323096, 1.225575, 1.340236, 1.018445, 1.133293, 1.356686, 1.3246, 1.505849, 1.202069, 0.911145, 1.584641, 1.41588, 0.990867, 1.471768, 1.206401, 0.841693, 1.116967, 1.099476, 1.514242, 1.043542, 1.149903, 1.145331, 1.125141, 1.019442],
            [7, 0, 2, 6, 5, 3, 4, 1],
            0.6908081584428494, [1.1575900662702787, 1.1735809486092748, 1.2341636352891228, 1.0886248254112045]),
        new(5, [1.528851, 1.641801, 1.58217, 1.37786, 1.348584, 1.515667, 1.406952, 1.417015, 1.278806, 1.756855, 1.620707, 1.371749, 1.6196, 1.676788, 1.185326, 1.427711, 1.448909, 1.585367, 1.484005, 1.469655, 1.492313, 1.744059, 1.784442, 1.430887, 1.378025, 1.854575, 1.37098, 1.42449, 1.504817, 1.563637, 1.635511, 1.551487],
            [1, 4, 3, 0, 2, 6, 7, 5],
            0.7227787445588286, [1.433299320440553, 1.5775807863544138, 1.4122469592705664, 1.4285106303345492]),
    ];

    [Fact]
    public void The_pyribs_rules_give_pyribs_step_size_and_mean_tell_after_tell()
    {
        var es = new CmaEvolutionStrategy(4, 0.7, 8, new RandomSource(1)) { CovarianceUpdate = CmaCovarianceUpdate.Pyribs };
        for (int g = 0; g < PyribsTells.Length; g++)
        {
            var tell = PyribsTells[g];
            es.Tell(tell.Solutions, tell.Ranking, tell.Parents);
            Assert.True(Math.Abs(es.StepSize - tell.Sigma) < 1e-12 * tell.Sigma, $"generation {g}: sigma {es.StepSize:R}, pyribs {tell.Sigma:R}");
            for (int j = 0; j < 4; j++) Assert.Equal(tell.Mean[j], es.Mean[j], 1e-12);
        }
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

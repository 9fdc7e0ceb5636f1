using QualityDiversity.Archives;
using QualityDiversity.Experiments.Algorithms;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>Named algorithms: <c>qd run --algorithm NAME</c> and the catalogue behind it.</summary>
public sealed class AlgorithmTests
{
    public static TheoryData<string> Algorithms() => new(AlgorithmCatalog.Names);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void EveryAlgorithmHasTheStandardShape(string name)
    {
        var config = ConfigResolver.Resolve(AlgorithmCatalog.Create(name, "lp-sphere"));
        Assert.Equal(10_000, config.Iterations);
        Assert.Equal(new TaskConfig("lp-sphere", 100), config.Task);
        var grid = Assert.IsType<GridArchiveConfig>(config.ReportedArchive);
        Assert.Equal([100, 100], grid.Dims!);
        Assert.Equal([new ValueRange(-256, 256), new ValueRange(-256, 256)], grid.Ranges!);
        Assert.Null(config.InitialPopulation);
        Assert.All(config.Emitters, e => Assert.Null(e.X0)); // x0 = 0, as pyribs' sphere example
        // Gradient emitters also evaluate points with gradients: an arborescence emitter its one
        // solution point, an operator emitter as many perturbed elites as it proposes steps.
        int perIteration = config.Scheduler is BanditSchedulerConfig bandit
            ? bandit.NumActive * 36
            : config.Emitters.Sum(e => e.Count * (e.BatchSize + e switch
            {
                GradientArborescenceEmitterConfig => 1,
                GradientOperatorEmitterConfig => e.BatchSize,
                _ => 0,
            }));
        Assert.Equal(540, perIteration);
    }

    [Fact]
    public void CmaVariantsMirrorPyribs()
    {
        (string Ranker, string Selection, string Restart) Of(string name)
        {
            var es = Assert.IsType<EvolutionStrategyEmitterConfig>(Assert.Single(AlgorithmCatalog.Create(name, "lp-sphere").Emitters));
            Assert.Equal((15, 36, 0.5, "cma_es"), (es.Count, es.BatchSize, es.Sigma0, es.Es));
            return (es.Ranker, es.SelectionRule, es.RestartRule.ToString());
        }
        Assert.Equal(("2imp", "filter", "no_improvement"), Of("cma-me-imp"));
        Assert.Equal(("2imp", "filter", "no_improvement"), Of("cma-me"));
        Assert.Equal(("2imp", "mu", "no_improvement"), Of("cma-me-imp-mu"));
        Assert.Equal(("2imp", "mu", "basic"), Of("cma-me-basic"));
        Assert.Equal(("2rd", "filter", "no_improvement"), Of("cma-me-rd"));
        Assert.Equal(("2rd", "mu", "no_improvement"), Of("cma_me_rd_mu"));
        Assert.Equal(("obj", "mu", "basic"), Of("cma-me-opt"));
        Assert.Equal(("imp", "mu", "basic"), Of("cma-mae"));

        var mae = AlgorithmCatalog.Create("cma-mae", "lp-sphere");
        Assert.Equal((0.01, 0.0), (mae.Archive.LearningRate, mae.Archive.ThresholdMin));
        var result = Assert.IsType<GridArchiveConfig>(mae.ResultArchive);
        Assert.Equal((1.0, double.NegativeInfinity), (result.LearningRate, result.ThresholdMin));
        var me = Assert.IsType<GaussianEmitterConfig>(Assert.Single(AlgorithmCatalog.Create("map_elites", "arm").Emitters));
        Assert.Equal([0.5], me.Sigma);
        Assert.Equal(540, me.BatchSize);
    }

    [Fact]
    public void NoveltyAndDensityVariantsMirrorPyribs()
    {
        EvolutionStrategyEmitterConfig Es(SearchConfig c) => Assert.IsType<EvolutionStrategyEmitterConfig>(Assert.Single(c.Emitters));

        var ns = AlgorithmCatalog.Create("ns_cma", "lp-sphere");
        var nsArchive = Assert.IsType<ProximityArchiveConfig>(ns.Archive);
        Assert.Equal((15, 0.037 * 512, false), (nsArchive.K, nsArchive.NoveltyThreshold, nsArchive.LocalCompetition));
        Assert.Equal((15, 36, 0.5, "nov", "mu", "basic"), (Es(ns).Count, Es(ns).BatchSize, Es(ns).Sigma0, Es(ns).Ranker, Es(ns).SelectionRule, Es(ns).RestartRule.ToString()));
        Assert.IsType<GridArchiveConfig>(ns.ResultArchive);

        var nslc = AlgorithmCatalog.Create("nslc_cma_imp", "lp-sphere");
        var nslcArchive = Assert.IsType<ProximityArchiveConfig>(nslc.Archive);
        Assert.Equal((15, 0.037 * 100, true), (nslcArchive.K, nslcArchive.NoveltyThreshold, nslcArchive.LocalCompetition));
        Assert.Equal(("2imp", "filter", "no_improvement"), (Es(nslc).Ranker, Es(nslc).SelectionRule, Es(nslc).RestartRule.ToString()));

        var dds = AlgorithmCatalog.Create("dds", "lp-sphere");
        var density = Assert.IsType<DensityArchiveConfig>(dds.Archive);
        Assert.Equal((25.6, 10_000, ReservoirRule.Pyribs), (density.Bandwidth, density.BufferSize, density.Reservoir));
        Assert.Equal((15, 36, 1.5, "density", "mu", "basic"), (Es(dds).Count, Es(dds).BatchSize, Es(dds).Sigma0, Es(dds).Ranker, Es(dds).SelectionRule, Es(dds).RestartRule.ToString()));
        Assert.IsType<GridArchiveConfig>(dds.ResultArchive);

        // These searches take pyribs' CMA-ES rules unless --es names another strategy.
        Assert.Equal(["pyribs_cma_es", "pyribs_cma_es", "pyribs_cma_es"], new[] { Es(ns).Es, Es(nslc).Es, Es(dds).Es });
        Assert.Equal("cma_es", Es(AlgorithmCatalog.Create("dds", "lp-sphere", es: "cma_es")).Es);

        // The paper's uniform buffer differs from dds in the reservoir rule only.
        var uniform = AlgorithmCatalog.Create("dds_uniform", "lp-sphere");
        Assert.Equal(ReservoirRule.Uniform, Assert.IsType<DensityArchiveConfig>(uniform.Archive).Reservoir);
        Assert.Equal(ConfigWriter.ToJson(dds with { Name = uniform.Name, Archive = density with { Reservoir = ReservoirRule.Uniform } }), ConfigWriter.ToJson(uniform));
    }

    [Theory]
    [InlineData("dds", "arm", 6, null)]
    [InlineData("dds-uniform", "arm", 6, null)]
    [InlineData("ns-cma", "arm", 6, null)]
    [InlineData("nslc-cma-imp", "arm", 6, null)]
    [InlineData("cma-mae", "lp-sphere", 40, "lm_ma_es")]
    [InlineData("cma-mae", "arm", 6, "openai_es")]
    public void NewAlgorithmsAndStrategiesResumeExactly(string name, string task, int dim, string? es)
    {
        using var dir = new TempDirectory();
        string a = dir.File("a"), b = dir.File("b");
        string[] args = ["run", "--algorithm", name, "--task", task, "--dim", dim.ToString(), "--iterations", "8", "--seed", "3", .. es is null ? Array.Empty<string>() : ["--es", es]];
        var full = Qd.Run([.. args, "--out", a]);
        Assert.True(full.ExitCode == 0, full.Err);

        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run([.. args, "--out", b], r => { if (r.Iteration == 5) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void LmMaEsNeedsABatchNoLargerThanTheDimension()
    {
        var run = Qd.Run("run", "--algorithm", "cma-mae", "--task", "arm", "--dim", "6", "--es", "lm_ma_es", "--iterations", "2", "--out", Path.Combine(Path.GetTempPath(), $"qd-lm-{Guid.NewGuid():N}"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("emitters[0]", run.Err);
        Assert.Contains("at most the dimension 6", run.Err);
    }

    [Fact]
    public void GradientVariantsMirrorPyribs()
    {
        GradientArborescenceEmitterConfig Arborescence(string name) =>
            Assert.IsType<GradientArborescenceEmitterConfig>(Assert.Single(AlgorithmCatalog.Create(name, "lp-sphere").Emitters));
        string Describe(GradientArborescenceEmitterConfig e) =>
            $"{e.Count}x{e.BatchSize} sigma0={e.Sigma0} lr={e.Lr} {e.GradOpt} {e.Ranker} {e.SelectionRule} {e.RestartRule} normalize={e.NormalizeGrad}";
        Assert.Equal("15x35 sigma0=10 lr=1 gradient_ascent 2imp mu no_improvement normalize=True", Describe(Arborescence("cma-mega")));
        Assert.Equal("15x35 sigma0=10 lr=0.002 adam 2imp mu no_improvement normalize=True", Describe(Arborescence("cma_mega_adam")));
        Assert.Equal("15x35 sigma0=10 lr=1 gradient_ascent imp filter basic normalize=True", Describe(Arborescence("cma-maega")));
        var maega = AlgorithmCatalog.Create("cma-maega", "lp-sphere");
        Assert.Equal((0.01, 0.0), (maega.Archive.LearningRate, maega.Archive.ThresholdMin));
        Assert.IsType<GridArchiveConfig>(maega.ResultArchive);

        GradientOperatorEmitterConfig Operator(string name) =>
            Assert.IsType<GradientOperatorEmitterConfig>(Assert.Single(AlgorithmCatalog.Create(name, "lp-sphere").Emitters));
        Assert.Equal((0.5, 0.5, false, false, 270), Operator("og-map-elites") is var og ? (og.Sigma, og.SigmaG, og.MeasureGradients, og.NormalizeGrad, og.BatchSize) : default);
        Assert.Equal((0.0, 10.0, true, true, 270), Operator("omg_mega") is var omg ? (omg.Sigma, omg.SigmaG, omg.MeasureGradients, omg.NormalizeGrad, omg.BatchSize) : default);
    }

    [Fact]
    public void GradientAlgorithmsNeedATaskWithGradients()
    {
        using var dir = new TempDirectory();
        var result = Qd.Run("run", "--algorithm", "cma-mega", "--task", "maze", "--out", dir.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("emitters[0].type", result.Err);
        Assert.Contains("needs the gradients of the objective and measures, which task 'maze' does not give", result.Err);
    }

    [Theory]
    [InlineData("cma-mae")]
    [InlineData("me-map-elites")]
    [InlineData("cma-maega")]
    [InlineData("omg-mega")]
    public void RunWritesTheAlgorithmsConfigAndResumesExactly(string name)
    {
        using var dir = new TempDirectory();
        string a = dir.File("a"), b = dir.File("b");
        string[] args = ["run", "--algorithm", name, "--task", "arm", "--dim", "6", "--iterations", "8", "--seed", "3"];
        var full = Qd.Run([.. args, "--out", a]);
        Assert.True(full.ExitCode == 0, full.Err);
        Assert.Contains($"Running '{name}-arm-6'", full.Out);
        var written = ConfigLoader.LoadUnresolved(Path.Combine(a, "config.json"));
        Assert.Equal((3L, 8, new TaskConfig("arm", 6)), (written.Seed, written.Iterations, written.Task));
        Assert.Equal([new ValueRange(-6, 6), new ValueRange(-6, 6)], Assert.IsType<GridArchiveConfig>(written.Archive).Ranges!);

        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run([.. args, "--out", b], r => { if (r.Iteration == 5) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void ConfigAndAlgorithmAreExclusive()
    {
        var both = Qd.Run("run", Repository.Example("arm-map-elites.json"), "--algorithm", "cma-mae");
        Assert.Equal(2, both.ExitCode);
        Assert.StartsWith("error: --algorithm: give either a CONFIG file or --algorithm, not both", both.Err);

        var stray = Qd.Run("run", Repository.Example("arm-map-elites.json"), "--dim", "5");
        Assert.Equal(2, stray.ExitCode);
        Assert.StartsWith("error: --dim: only applies with --algorithm", stray.Err);
    }

    [Theory]
    [InlineData(new[] { "--algorithm", "cma-nope" }, "error: --algorithm: unknown algorithm 'cma-nope'", "cma-mae")]
    [InlineData(new[] { "--algorithm", "cma-mae", "--task", "pendulum" }, "error: --task: unknown task 'pendulum'", "lp-rastrigin")]
    [InlineData(new[] { "--algorithm", "cma-mae", "--dim", "1" }, "error: --dim:", "dimension >= 2")]
    [InlineData(new[] { "--algorithm", "cma-mae", "--es", "nes" }, "error: --es: unknown evolution strategy 'nes'", "sep_cma_es")]
    [InlineData(new[] { "--algorithm", "map-elites", "--es", "sep_cma_es" }, "error: --es: algorithm 'map-elites' has no evolution-strategy emitters")]
    public void BadAlgorithmOptionsNameTheOption(string[] options, string start, params string[] fragments)
    {
        using var dir = new TempDirectory();
        var result = Qd.Run(["run", .. options, "--out", dir.File("out")]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(start, result.Err);
        foreach (string fragment in fragments) Assert.Contains(fragment, result.Err);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}

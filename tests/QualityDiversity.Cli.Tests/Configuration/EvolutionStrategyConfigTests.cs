using QualityDiversity.Experiments.Configuration;
using static QualityDiversity.Cli.Tests.Configuration.ConfigLoadingTests;

namespace QualityDiversity.Cli.Tests.Configuration;

/// <summary>The <c>evolution_strategy</c> emitter and the <c>scheduler</c> section.</summary>
public sealed class EvolutionStrategyConfigTests
{
    private const string Task10 = """{ "name": "lp-sphere", "dim": 10 }""";

    private static string Es(string keys = "") => $$"""{ "type": "evolution_strategy", "sigma0": 0.5{{(keys.Length > 0 ? ", " + keys : "")}} }""";

    private static void AssertError(string json, string path, params string[] fragments)
    {
        var e = Assert.Throws<ConfigException>(() => Load(json));
        Assert.Equal(path, e.FieldPath);
        Assert.StartsWith(path + ":", e.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void DefaultsFollowPyribs()
    {
        var config = Load(Minimal(emitter: Es(), task: Task10));
        var es = Assert.IsType<EvolutionStrategyEmitterConfig>(Assert.Single(config.Emitters));
        Assert.Equal("cma_es", es.Es);
        Assert.Equal(0.5, es.Sigma0);
        Assert.Equal("2imp", es.Ranker);
        Assert.Equal("filter", es.SelectionRule);
        Assert.Equal(RestartRuleConfig.NoImprovement, es.RestartRule);
        Assert.Equal(4 + (int)Math.Floor(3 * Math.Log(10)), es.BatchSize); // CMA-ES' default population, 10
        Assert.Equal(1, es.Count);
        Assert.Null(es.X0);
        Assert.IsType<PlainSchedulerConfig>(config.Scheduler);
        Assert.False(config.Scheduler.ParallelEmitters);
    }

    [Fact]
    public void EveryKeyIsRead()
    {
        var config = Load(Minimal(task: Task10, emitter: Es("""
            "es": "sep_cma_es", "ranker": "2rd", "selection_rule": "mu", "restart_rule": 25,
            "batch_size": 12, "count": 3, "x0": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "bounds": [-5.12, 5.12]
            """)));
        var es = Assert.IsType<EvolutionStrategyEmitterConfig>(Assert.Single(config.Emitters));
        Assert.Equal("sep_cma_es", es.Es);
        Assert.Equal("2rd", es.Ranker);
        Assert.Equal("mu", es.SelectionRule);
        Assert.Equal(RestartRuleConfig.Every(25), es.RestartRule);
        Assert.Equal(12, es.BatchSize);
        Assert.Equal(3, es.Count);
        Assert.Equal(Enumerable.Repeat(1.0, 10), es.X0!);
        Assert.Equal([-5.12], es.Bounds!.Low);
        Assert.Equal(RestartRuleConfig.Basic, Assert.IsType<EvolutionStrategyEmitterConfig>(
            Load(Minimal(task: Task10, emitter: Es("\"restart_rule\": \"basic\""))).Emitters[0]).RestartRule);
    }

    [Fact]
    public void SchedulersAreRead()
    {
        var bandit = Assert.IsType<BanditSchedulerConfig>(Load(Minimal(task: Task10, emitter: Es("\"count\": 4"),
            extra: """ "scheduler": { "type": "bandit", "num_active": 2, "zeta": 0.1, "reselect": "all", "parallel_emitters": true }, """)).Scheduler);
        Assert.Equal(2, bandit.NumActive);
        Assert.Equal(0.1, bandit.Zeta);
        Assert.Equal("all", bandit.Reselect);
        Assert.True(bandit.ParallelEmitters);
        var defaults = Assert.IsType<BanditSchedulerConfig>(Load(Minimal(task: Task10, emitter: Es("\"count\": 4"),
            extra: """ "scheduler": { "type": "bandit", "num_active": 4 }, """)).Scheduler);
        Assert.Equal(0.05, defaults.Zeta);
        Assert.Equal("terminated", defaults.Reselect);
        Assert.IsType<PlainSchedulerConfig>(Load(Minimal(extra: """ "scheduler": { "type": "plain" }, """)).Scheduler);
    }

    [Fact]
    public void ResolvedConfigRoundTripsThroughTheWriter()
    {
        var config = Load(Minimal(task: Task10, emitter: Es("\"restart_rule\": 7, \"ranker\": \"obj\""),
            extra: """ "scheduler": { "type": "bandit", "num_active": 1 }, """));
        string json = ConfigWriter.ToJson(config);
        Assert.Contains("\"restart_rule\": 7", json);
        foreach (string key in new[] { "\"type\": \"bandit\"", "\"num_active\": 1", "\"zeta\": 0.05", "\"reselect\": \"terminated\"", "\"parallel_emitters\": false" })
            Assert.Contains(key, json);
        Assert.DoesNotContain("initial_solutions", json); // evolution-strategy emitters have none
        Assert.Equal(json, ConfigWriter.ToJson(ConfigResolver.Resolve(ConfigParser.Parse(json, "config.json", "x"))));
    }

    [Theory]
    [InlineData("\"es\": \"cma\"", "emitters[0].es", "unknown evolution strategy 'cma'", "sep_cma_es")]
    [InlineData("\"ranker\": \"improvement\"", "emitters[0].ranker", "unknown ranker 'improvement'", "2imp")]
    [InlineData("\"selection_rule\": \"best\"", "emitters[0].selection_rule", "unknown selection rule 'best'", "filter, mu")]
    [InlineData("\"restart_rule\": \"never\"", "emitters[0].restart_rule", "unknown restart rule 'never'", "no_improvement")]
    [InlineData("\"restart_rule\": 0", "emitters[0].restart_rule", "at least 1")]
    [InlineData("\"restart_rule\": 2.5", "emitters[0].restart_rule", "positive integer")]
    [InlineData("\"restart_rule\": true", "emitters[0].restart_rule", "positive integer")]
    [InlineData("\"batch_size\": 0", "emitters[0].batch_size", "at least 1")]
    [InlineData("\"initial_solutions\": { \"count\": 5 }", "emitters[0].initial_solutions", "unknown key", "sigma0")]
    [InlineData("\"sigma\": 0.5", "emitters[0].sigma", "unknown key 'sigma'", "Did you mean 'sigma0'?")]
    [InlineData("\"x0\": [1, 2]", "emitters[0].x0", "2 values", "10")]
    public void BadEvolutionStrategyKeysNameTheField(string keys, string path, params string[] fragments) =>
        AssertError(Minimal(task: Task10, emitter: Es(keys)), path, fragments);

    [Fact]
    public void Sigma0IsRequiredAndPositive()
    {
        AssertError(Minimal(task: Task10, emitter: """{ "type": "evolution_strategy" }"""), "emitters[0].sigma0", "required");
        AssertError(Minimal(task: Task10, emitter: """{ "type": "evolution_strategy", "sigma0": 0 }"""), "emitters[0].sigma0", "must be positive");
    }

    [Theory]
    [InlineData("""{ "type": "fifo" }""", "scheduler.type", "unknown scheduler type 'fifo'", "plain, bandit")]
    [InlineData("""{ "type": "bandit" }""", "scheduler.num_active", "required")]
    [InlineData("""{ "type": "bandit", "num_active": 0 }""", "scheduler.num_active", "at least 1")]
    [InlineData("""{ "type": "bandit", "num_active": 5 }""", "scheduler.num_active", "only 3 emitters")]
    [InlineData("""{ "type": "bandit", "num_active": 1, "zeta": -1 }""", "scheduler.zeta", "non-negative")]
    [InlineData("""{ "type": "bandit", "num_active": 1, "reselect": "some" }""", "scheduler.reselect", "terminated, all")]
    [InlineData("""{ "type": "plain", "num_active": 1 }""", "scheduler.num_active", "unknown key")]
    [InlineData("""{ "type": "bandit", "num_actve": 1 }""", "scheduler.num_actve", "Did you mean 'num_active'?")]
    [InlineData("""{ "type": "plain", "parallel_emitters": 1 }""", "scheduler.parallel_emitters", "true or false")]
    [InlineData("""[1]""", "scheduler", "expected an object")]
    public void BadSchedulersNameTheField(string scheduler, string path, params string[] fragments) =>
        AssertError(Minimal(task: Task10, emitter: Es("\"count\": 3"), extra: $"\"scheduler\": {scheduler},"), path, fragments);
}

using QualityDiversity.Experiments.Configuration;
using static QualityDiversity.Cli.Tests.Configuration.ConfigLoadingTests;

namespace QualityDiversity.Cli.Tests.Configuration;

/// <summary>The sliding-boundaries, dominated-novelty and density archive sections, and <c>elite_replacement</c>.</summary>
public sealed class ArchiveKindsConfigTests
{
    private const string Result = """ "result_archive": { "type": "grid", "dims": [10, 10] }, """;

    private static void AssertError(string json, string path, params string[] fragments)
    {
        var e = Assert.Throws<ConfigException>(() => Load(json));
        Assert.Equal(path, e.FieldPath);
        Assert.StartsWith(path + ":", e.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    private static void AssertRoundTrip(SearchConfig config)
    {
        string json = ConfigWriter.ToJson(config);
        Assert.Equal(json, ConfigWriter.ToJson(ConfigResolver.Resolve(ConfigParser.Parse(json, "config.json", "other"))));
    }

    [Fact]
    public void EveryKeyIsReadResolvedAndWrittenBack()
    {
        var sliding = Load(Minimal(archive: """{ "type": "sliding_boundaries", "dims": [8, 9], "remap_frequency": 25, "buffer_capacity": 300 }"""));
        var s = Assert.IsType<SlidingBoundariesArchiveConfig>(sliding.Archive);
        Assert.Equal([8, 9], s.Dims);
        Assert.Equal((25, 300), (s.RemapFrequency, s.BufferCapacity));
        Assert.Equal([new ValueRange(-3, 3), new ValueRange(-3, 3)], s.Ranges!); // the task's
        AssertRoundTrip(sliding);

        var dns = Load(Minimal(archive: """{ "type": "dns", "capacity": 64 }"""));
        var d = Assert.IsType<DominatedNoveltyArchiveConfig>(dns.Archive);
        Assert.Equal((64, 3), (d.Capacity, d.K));
        AssertRoundTrip(dns);

        var density = Load(Minimal(archive: """{ "type": "density", "bandwidth": 0.5 }""", extra: Result + """ "seed": 12, """));
        var k = Assert.IsType<DensityArchiveConfig>(density.Archive);
        Assert.Equal((0.5, 10_000, 12L), (k.Bandwidth, k.BufferSize, k.BufferSeed!.Value)); // the seed defaults to the run's
        Assert.Equal(QualityDiversity.Archives.ReservoirRule.Uniform, k.Reservoir);
        Assert.DoesNotContain("reservoir", ConfigWriter.ToJson(density)); // the default is not written
        AssertRoundTrip(density);

        var pyribs = Load(Minimal(archive: """{ "type": "density", "bandwidth": 0.5, "reservoir": "pyribs" }""", extra: Result));
        Assert.Equal(QualityDiversity.Archives.ReservoirRule.Pyribs, Assert.IsType<DensityArchiveConfig>(pyribs.Archive).Reservoir);
        Assert.Contains("\"reservoir\": \"pyribs\"", ConfigWriter.ToJson(pyribs));
        AssertRoundTrip(pyribs);

        var replacement = Load(Minimal(archive: """{ "type": "grid", "dims": [10, 10], "learning_rate": 0.01, "threshold_min": 0, "elite_replacement": "objective" }"""));
        Assert.Equal(QualityDiversity.Archives.EliteReplacement.BetterObjective, replacement.Archive.EliteReplacement);
        Assert.Contains("\"elite_replacement\": \"objective\"", ConfigWriter.ToJson(replacement));
        AssertRoundTrip(replacement);
        Assert.Null(Load(Minimal()).Archive.EliteReplacement);
        Assert.DoesNotContain("elite_replacement", ConfigWriter.ToJson(Load(Minimal())));
    }

    [Fact]
    public void ErrorsNameTheField()
    {
        AssertError(Minimal(archive: """{ "type": "density", "bandwidth": 1 }"""), "result_archive", "density archive");
        AssertError(Minimal(archive: """{ "type": "density", "bandwidth": 0 }""", extra: Result), "archive.bandwidth", "positive");
        AssertError(Minimal(archive: """{ "type": "density", "bandwidth": 1, "reservoir": "textbook" }""", extra: Result), "archive.reservoir", "'uniform' or 'pyribs'", "'textbook'");
        AssertError(Minimal(archive: """{ "type": "grid", "dims": [10, 10] }""", extra: """ "result_archive": { "type": "density", "bandwidth": 1 }, """),
            "result_archive.type", "cannot be the result archive");
        AssertError(Minimal(archive: """{ "type": "dns" }"""), "archive.capacity");
        AssertError(Minimal(archive: """{ "type": "dns", "capacity": 10, "learning_rate": 0.5, "threshold_min": 0 }"""), "archive.threshold_min", "no soft thresholds");
        AssertError(Minimal(archive: """{ "type": "sliding_boundaries", "dims": [10] }"""), "archive.dims", "2 measures");
        AssertError(Minimal(archive: """{ "type": "sliding_boundaries", "dims": [10, 10], "remap_frequency": 0 }"""), "archive.remap_frequency");
        AssertError(Minimal(archive: """{ "type": "grid", "dims": [10, 10], "elite_replacement": "sometimes" }"""), "archive.elite_replacement", "'threshold' or 'objective'");
        AssertError(Minimal(archive: """{ "type": "proximity", "novelty_threshold": 1, "elite_replacement": "threshold" }"""), "archive.elite_replacement", "soft thresholds");
    }

    [Theory]
    [InlineData("lm_ma_es")]
    [InlineData("openai_es")]
    public void TheNewEvolutionStrategiesAreAcceptedByName(string name)
    {
        var config = Load(Minimal(task: """{ "name": "lp-sphere", "dim": 10 }""",
            emitter: $$"""{ "type": "evolution_strategy", "sigma0": 0.5, "es": "{{name}}", "batch_size": 6 }"""));
        Assert.Equal(name, Assert.IsType<EvolutionStrategyEmitterConfig>(Assert.Single(config.Emitters)).Es);
    }
}

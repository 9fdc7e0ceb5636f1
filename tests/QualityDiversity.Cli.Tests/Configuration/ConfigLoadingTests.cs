using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Configuration;

public sealed class ConfigLoadingTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Repository.ExamplesDirectory, "*.json").Order())
            if (!QualityDiversity.Experiments.Text.TextConfigParser.IsTextConfigFile(file)) data.Add(Path.GetFileName(file));
        return data;
    }

    public static TheoryData<string> TextExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Repository.ExamplesDirectory, "*.json").Order())
            if (QualityDiversity.Experiments.Text.TextConfigParser.IsTextConfigFile(file)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(TextExampleFiles))]
    public void EveryTextExampleLoadsAndNamesItself(string file)
    {
        var config = QualityDiversity.Experiments.Text.TextConfigParser.Parse(File.ReadAllText(Repository.Example(file)), file, "other");
        Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
        Assert.Contains(config.Domain, QualityDiversity.Text.Domains.QdaifDomains.Names);
        if (config.UsesLlm) Assert.Equal("http://localhost:11434/v1/", config.Llm!.Endpoint.ToString());
    }

    [Fact]
    public void TextExamplesCoverEveryDomainAndTheOfflineMode()
    {
        var configs = Directory.GetFiles(Repository.ExamplesDirectory, "*.json").Where(QualityDiversity.Experiments.Text.TextConfigParser.IsTextConfigFile)
            .Select(file => QualityDiversity.Experiments.Text.TextConfigParser.Parse(File.ReadAllText(file), "x", "x")).ToList();
        Assert.Contains(configs, c => !c.UsesLlm);
        foreach (var domain in new[] { "opinions", "stories_genre_ending", "poetry", "prompts" })
            Assert.Contains(configs, c => c.UsesLlm && c.Domain == domain);
    }

    [Fact]
    public void TheRequiredExamplesShip()
    {
        var names = Directory.GetFiles(Repository.ExamplesDirectory, "*.json").Select(Path.GetFileName).ToHashSet();
        Assert.Superset(new HashSet<string?> { "arm-map-elites.json", "arm-iso-line.json", "lp-sphere-map-elites.json", "lp-rastrigin-cvt.json", "arm-proximity.json" }, names);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void EveryExampleLoadsAndNamesItself(string file)
    {
        var config = ConfigLoader.LoadFile(Repository.Example(file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
        Assert.NotEmpty(config.Emitters);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void ResolvedConfigsRoundTrip(string file)
    {
        var config = ConfigLoader.LoadFile(Repository.Example(file));
        string json = ConfigWriter.ToJson(config);
        var again = ConfigResolver.Resolve(ConfigParser.Parse(json, "config.json", "other"));
        Assert.Equal(json, ConfigWriter.ToJson(again));
    }

    [Fact]
    public void TheFitRuleOfLearnedMeasuresParsesWritesAndReachesTheLearner()
    {
        var config = ConfigLoader.LoadDefault();
        Assert.Equal("protocol", config.Measures!.Fit);
        Assert.Equal(50, config.Measures.Patience);
        Assert.DoesNotContain("\"fit\"", ConfigWriter.ToJson(config));

        string json = ConfigLoader.DefaultJson.Replace("\"hidden\": []", "\"hidden\": [], \"fit\": \"best_validation\", \"patience\": 30");
        Assert.NotEqual(ConfigLoader.DefaultJson, json);
        var best = ConfigResolver.Resolve(ConfigParser.Parse(json, "config.json", "best"));
        Assert.Equal("best_validation", best.Measures!.Fit);
        Assert.Equal(30, best.Measures.Patience);
        var options = best.Measures.ProjectionOptions(2);
        Assert.Equal(QualityDiversity.Learning.Measures.Torch.TripletFitRule.BestValidation, options.Fit);
        Assert.Equal(30, options.Patience);
        string written = ConfigWriter.ToJson(best);
        Assert.Contains("\"fit\": \"best_validation\"", written);
        Assert.Equal(written, ConfigWriter.ToJson(ConfigResolver.Resolve(ConfigParser.Parse(written, "config.json", "best"))));

        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse(ConfigLoader.DefaultJson.Replace("\"hidden\": []", "\"hidden\": [], \"fit\": \"best\""), "config.json", "bad"));
        Assert.Contains("measures.fit", e.Message);
        Assert.Contains("best_validation", e.Message);
        e = Assert.Throws<ConfigException>(() => ConfigParser.Parse(ConfigLoader.DefaultJson.Replace("\"hidden\": []", "\"hidden\": [], \"patience\": 0"), "config.json", "bad"));
        Assert.Contains("measures.patience", e.Message);
    }

    [Fact]
    public void TheDefaultSearchIsTheArmQdhfExample()
    {
        Assert.Equal(File.ReadAllText(Repository.Example("arm-qdhf.json")), ConfigLoader.DefaultJson);
        var config = ConfigLoader.LoadDefault();
        Assert.Equal("arm-qdhf", config.Name);
        Assert.Equal(0, config.Seed);
        Assert.Equal(1000, config.Iterations);
        Assert.Equal(new TaskConfig("arm", 10), config.Task);
        var grid = Assert.IsType<GridArchiveConfig>(config.Archive);
        Assert.Equal([50, 50], grid.Dims!);
        Assert.Equal([new ValueRange(-10, 10), new ValueRange(-10, 10)], grid.Ranges!);
        Assert.True(double.IsNegativeInfinity(grid.ThresholdMin));
        var measures = config.Measures!;
        Assert.Equal(MeasuresConfig.Qdhf, measures.Type);
        Assert.Equal([1, 101, 251, 501], measures.ScheduleFor(config.Iterations).Iterations);
        Assert.Equal(1000, measures.Judgments);
        Assert.Equal(JudgeConfig.Simulated, measures.Judge.Type);
        Assert.Equal(0, measures.Judge.LabelNoise);
        Assert.Empty(measures.Hidden);
        Assert.Equal(20, measures.ScoreEvery);
        var emitter = Assert.IsType<GaussianEmitterConfig>(Assert.Single(config.Emitters));
        Assert.Equal([0.1], emitter.Sigma);
        Assert.Equal(100, emitter.BatchSize);
        Assert.Null(emitter.InitialSolutions);
        Assert.Equal(100, config.InitialPopulation!.Count);
        Assert.Equal([-Math.PI], config.InitialPopulation.Low!);
        Assert.Equal([Math.PI], config.InitialPopulation.High!);
    }

    [Fact]
    public void DefaultsAreFilledFromTheTask()
    {
        var config = Load("""
            {
              "task": { "name": "sphere", "dim": 20 },
              "archive": { "type": "grid", "dims": [10, 10] },
              "emitters": [ { "type": "gaussian", "sigma": [0.5], "initial_solutions": { "count": 5 } } ]
            }
            """);
        Assert.Equal("test", config.Name);
        Assert.Equal("lp-sphere", config.Task.Name);
        Assert.Equal(SearchConfig.DefaultIterations, config.Iterations);
        Assert.Equal(SearchConfig.DefaultCheckpointEvery, config.CheckpointEvery);
        Assert.Equal([new ValueRange(-51.2, 51.2), new ValueRange(-51.2, 51.2)], ((GridArchiveConfig)config.Archive).Ranges!);
        var emitter = config.Emitters[0];
        Assert.Equal(EmitterConfig.DefaultBatchSize, emitter.BatchSize);
        Assert.Equal([-5.12], emitter.InitialSolutions!.Low!);
        Assert.Equal([5.12], emitter.InitialSolutions.High!);
    }

    [Fact]
    public void CvtCentroidSeedDefaultsToTheRunSeedAndOverridesApply()
    {
        var config = ConfigResolver.Resolve(new ConfigOverrides(Seed: 99, Iterations: 5).ApplyTo(ConfigParser.Parse("""
            { "task": { "name": "arm", "dim": 4 }, "archive": { "type": "cvt", "cells": 10, "samples": 100 },
              "emitters": [ { "type": "gaussian", "sigma": 0.1 } ] }
            """, "t.json", "t")));
        Assert.Equal(99, config.Seed);
        Assert.Equal(5, config.Iterations);
        Assert.Equal(99, ((CvtArchiveConfig)config.Archive).CentroidsSeed);
    }

    [Fact]
    public void CommentsAndTrailingCommasAreAllowed()
    {
        var config = Load("""
            {
              // a comment
              "task": { "name": "arm", "dim": 3, },
              "archive": { "type": "grid", "dims": [5, 5] },
              "emitters": [ { "type": "iso_line" } ],
            }
            """);
        Assert.IsType<IsoLineEmitterConfig>(config.Emitters[0]);
    }

    [Fact]
    public void BoundsAcceptOnePairOrOnePairPerDimensionWithOpenSides()
    {
        var one = Load(Minimal(emitter: """{ "type": "gaussian", "sigma": 0.1, "bounds": [-1, null] }"""));
        Assert.Equal([-1.0], one.Emitters[0].Bounds!.Low);
        Assert.Equal([double.PositiveInfinity], one.Emitters[0].Bounds!.High);
        var each = Load(Minimal(emitter: """{ "type": "gaussian", "sigma": 0.1, "bounds": [[-1, 1], [-2, 2], [null, 3]] }"""));
        Assert.Equal([-1.0, -2.0, double.NegativeInfinity], each.Emitters[0].Bounds!.Low);
    }

    internal static SearchConfig Load(string json) => ConfigResolver.Resolve(ConfigParser.Parse(json, "test.json", "test"));

    internal static string Minimal(string? archive = null, string? emitter = null, string? task = null, string extra = "") => $$"""
        {
          {{extra}}
          "task": {{task ?? """{ "name": "arm", "dim": 3 }"""}},
          "archive": {{archive ?? """{ "type": "grid", "dims": [10, 10] }"""}},
          "emitters": [ {{emitter ?? """{ "type": "gaussian", "sigma": 0.1 }"""}} ]
        }
        """;
}

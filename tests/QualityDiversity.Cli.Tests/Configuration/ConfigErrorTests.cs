using QualityDiversity.Experiments.Configuration;
using static QualityDiversity.Cli.Tests.Configuration.ConfigLoadingTests;

namespace QualityDiversity.Cli.Tests.Configuration;

public sealed class ConfigErrorTests
{
    private static ConfigException Error(string json) => Assert.Throws<ConfigException>(() => Load(json));

    private static void AssertError(string json, string path, params string[] fragments)
    {
        var e = Error(json);
        Assert.Equal(path, e.FieldPath);
        Assert.StartsWith(path + ":", e.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void MalformedJsonReportsLineAndPosition()
    {
        var e = Error("{\n  \"task\": { \"name\": \"arm\", \"dim\": 3 },\n  \"archive\": { \"type\": \"grid\" \"dims\": [5] }\n}");
        Assert.Contains("malformed JSON at line 3, position", e.Message);
        Assert.DoesNotContain("BytePositionInLine", e.Message);
    }

    [Fact]
    public void RootMustBeAnObject() =>
        Assert.Equal("the configuration must be a JSON object, got an array.", Error("[1, 2]").Message);

    [Fact]
    public void MissingArchiveIsRequired() =>
        AssertError("""{ "task": { "name": "arm", "dim": 3 }, "emitters": [ { "type": "gaussian", "sigma": 1 } ] }""", "archive", "required");

    [Fact]
    public void MissingEmittersAreRequired() =>
        AssertError("""{ "task": { "name": "arm", "dim": 3 }, "archive": { "type": "grid", "dims": [5, 5] } }""", "emitters", "required");

    [Fact]
    public void MissingTaskIsRequired() =>
        AssertError("""{ "archive": { "type": "grid", "dims": [5, 5] }, "emitters": [ { "type": "gaussian", "sigma": 1 } ] }""", "task", "required");

    [Fact]
    public void MissingSigmaIsRequired() =>
        AssertError(Minimal(emitter: """{ "type": "gaussian" }"""), "emitters[0].sigma", "required");

    [Fact]
    public void UnknownRootKeySuggestsTheKnownOne() =>
        AssertError(Minimal(extra: "\"iteratons\": 5,"), "iteratons", "unknown key 'iteratons'", "Did you mean 'iterations'?");

    [Fact]
    public void UnknownEmitterKeyIsNamed() =>
        AssertError(Minimal(emitter: """{ "type": "gaussian", "sigma": 0.1, "sigmaa": 2 }"""), "emitters[0].sigmaa", "unknown key", "'sigma'");

    [Fact]
    public void UnknownArchiveKeyIsNamed() =>
        AssertError(Minimal(archive: """{ "type": "grid", "dims": [5, 5], "cells": 10 }"""), "archive.cells", "unknown key");

    [Fact]
    public void KeyOfAnotherArchiveTypeIsUnknown() =>
        AssertError(Minimal(archive: """{ "type": "cvt", "cells": 10, "dims": [5, 5] }"""), "archive.dims", "unknown key");

    [Fact]
    public void InitialPopulationNeedsAPositiveCount() =>
        AssertError(Minimal(extra: "\"initial_population\": { \"count\": 0 },"), "initial_population.count");

    [Fact]
    public void InitialPopulationBoxMustBeOrdered() =>
        AssertError(Minimal(extra: "\"initial_population\": { \"count\": 5, \"low\": 1, \"high\": -1 },"), "initial_population", "low (1) must be below high (-1)");

    [Fact]
    public void DuplicateKeysAreRejected() =>
        AssertError(Minimal(extra: "\"seed\": 1, \"seed\": 2,"), "seed", "twice");

    [Fact]
    public void UnknownTaskListsTheKnownTasks() =>
        AssertError(Minimal(task: """{ "name": "ant", "dim": 3 }"""), "task.name", "unknown task 'ant'", "lp-sphere", "lp-rastrigin", "arm");

    [Fact]
    public void TaskDimensionTooSmallForTheTask() =>
        AssertError(Minimal(task: """{ "name": "lp-sphere", "dim": 1 }"""), "task.dim", "dimension >= 2");

    [Fact]
    public void UnknownArchiveTypeListsTheKnownTypes() =>
        AssertError(Minimal(archive: """{ "type": "hexgrid" }"""), "archive.type", "unknown archive type 'hexgrid'", "grid", "cvt", "proximity", "categorical");

    [Fact]
    public void UnknownEmitterTypeListsTheKnownTypes() =>
        AssertError(Minimal(emitter: """{ "type": "cma_es" }"""), "emitters[0].type", "unknown emitter type 'cma_es'", "gaussian", "iso_line");

    [Fact]
    public void CategoricalArchivesAreRejectedBecauseNoTaskHasCategoricalMeasures() =>
        AssertError(Minimal(archive: """{ "type": "categorical", "labels": [["a", "b"], ["x", "y"]] }"""), "archive.type", "categorical measures", "no built-in task");

    [Theory]
    [InlineData("""{ "type": "gaussian", "sigma": -0.1 }""", "emitters[0].sigma", "non-negative")]
    [InlineData("""{ "type": "gaussian", "sigma": [0.1, -0.1, 0.1] }""", "emitters[0].sigma[1]", "non-negative")]
    [InlineData("""{ "type": "gaussian", "sigma": [0.1, 0.1] }""", "emitters[0].sigma", "one per solution dimension (3)")]
    [InlineData("""{ "type": "gaussian", "sigma": "big" }""", "emitters[0].sigma", "expected a number")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "batch_size": 0 }""", "emitters[0].batch_size", "at least 1")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "count": 0 }""", "emitters[0].count", "at least 1")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "batch_size": 2.5 }""", "emitters[0].batch_size", "expected an integer")]
    [InlineData("""{ "type": "iso_line", "iso_sigma": -1 }""", "emitters[0].iso_sigma", "non-negative")]
    [InlineData("""{ "type": "iso_line", "line_sigma": -1 }""", "emitters[0].line_sigma", "non-negative")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "x0": [1, 2] }""", "emitters[0].x0", "solution dimension is 3")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "bounds": [2, 1] }""", "emitters[0].bounds", "must not exceed")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "bounds": [[0, 1], [0, 1]] }""", "emitters[0].bounds", "one per solution dimension")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "initial_solutions": { "count": 0 } }""", "emitters[0].initial_solutions.count", "at least 1")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "initial_solutions": { "count": 5, "low": 1, "high": 1 } }""", "emitters[0].initial_solutions", "below high")]
    [InlineData("""{ "type": "gaussian", "sigma": 0.1, "initial_solutions": { "count": 5, "mean": 1 } }""", "emitters[0].initial_solutions.mean", "unknown key")]
    public void EmitterErrorsNameTheField(string emitter, string path, string fragment) =>
        AssertError(Minimal(emitter: emitter), path, fragment);

    [Theory]
    [InlineData("""{ "type": "grid", "dims": [10, 10, 10] }""", "archive.dims", "3 entries but task 'arm' has 2 measures")]
    [InlineData("""{ "type": "grid", "dims": [10, 0] }""", "archive.dims[1]", "at least 1")]
    [InlineData("""{ "type": "grid" }""", "archive.dims", "required")]
    [InlineData("""{ "type": "grid", "dims": [10, 10], "ranges": [[-1, 1], [2, 2]] }""", "archive.ranges[1]", "must be below high")]
    [InlineData("""{ "type": "grid", "dims": [10, 10], "ranges": [[-1, 1]] }""", "archive.ranges", "1 entries but dims has 2")]
    [InlineData("""{ "type": "grid", "dims": [10, 10], "ranges": [[-1, 1, 2], [0, 1]] }""", "archive.ranges[0]", "[low, high]")]
    [InlineData("""{ "type": "grid", "dims": [10, 10], "ranges": [[-10, 1e308], [0, 1]] }""", "archive.ranges[0]", "too wide to split into 10 bins")]
    [InlineData("""{ "type": "grid", "dims": [10, 10], "ranges": [[0, 1], [-1e308, 1e308]] }""", "archive.ranges[1]", "high - low must be a finite number")]
    [InlineData("""{ "type": "sliding_boundaries", "dims": [10, 10], "ranges": [[0, 1], [-10, 1e308]] }""", "archive.ranges[1]", "too wide to split into 10 bins")]
    [InlineData("""{ "type": "grid", "edges": [[0, 1, 1], [0, 1]] }""", "archive.edges[0][2]", "strictly increasing")]
    [InlineData("""{ "type": "grid", "edges": [[0, 1]] }""", "archive.edges", "1 axes but task 'arm' has 2")]
    [InlineData("""{ "type": "grid", "dims": [5, 5], "edges": [[0, 1], [0, 1]] }""", "archive.dims", "either")]
    [InlineData("""{ "type": "grid", "dims": [100000, 100000] }""", "archive.dims", "more than")]
    [InlineData("""{ "type": "grid", "dims": [5, 5], "learning_rate": 0 }""", "archive.learning_rate", "(0, 1]")]
    [InlineData("""{ "type": "grid", "dims": [5, 5], "learning_rate": 0.5 }""", "archive.learning_rate", "threshold_min")]
    [InlineData("""{ "type": "grid", "dims": [5, 5], "qd_score_offset": "x" }""", "archive.qd_score_offset", "expected a number")]
    [InlineData("""{ "type": "cvt" }""", "archive.cells", "required")]
    [InlineData("""{ "type": "cvt", "cells": 100, "samples": 50 }""", "archive.samples", "at least the number of cells")]
    [InlineData("""{ "type": "cvt", "cells": 10, "ranges": [[0, 1], [0, 1], [0, 1]] }""", "archive.ranges", "3 entries but task 'arm' has 2")]
    [InlineData("""{ "type": "proximity" }""", "archive.novelty_threshold", "required")]
    [InlineData("""{ "type": "proximity", "novelty_threshold": 0 }""", "archive.novelty_threshold", "positive")]
    [InlineData("""{ "type": "proximity", "novelty_threshold": 1, "k": 0 }""", "archive.k", "at least 1")]
    [InlineData("""{ "type": "proximity", "novelty_threshold": 1, "threshold_min": 0 }""", "archive.threshold_min", "no soft thresholds")]
    [InlineData("""{ "type": "proximity", "novelty_threshold": 1, "local_competition": 1 }""", "archive.local_competition", "true or false")]
    [InlineData("""{ "type": "categorical", "labels": [["a", "a"], ["x"]] }""", "archive.labels[0][1]", "twice")]
    [InlineData("""{ "dims": [5, 5] }""", "archive.type", "required")]
    public void ArchiveErrorsNameTheField(string archive, string path, string fragment) =>
        AssertError(Minimal(archive: archive), path, fragment);

    [Fact]
    public void ResultArchiveErrorsNameTheResultArchive() =>
        AssertError(Minimal(extra: """ "result_archive": { "type": "grid", "dims": [5] }, """), "result_archive.dims", "1 entries");

    [Theory]
    [InlineData("\"iterations\": 0,", "iterations", "at least 1")]
    [InlineData("\"iterations\": -5,", "iterations", "at least 1")]
    [InlineData("\"checkpoint_every\": -1,", "checkpoint_every", "at least 0")]
    [InlineData("\"metrics_every\": 0,", "metrics_every", "at least 1")]
    [InlineData("\"seed\": 1.5,", "seed", "expected an integer")]
    [InlineData("\"name\": \"a/b\",", "name", "directory name")]
    [InlineData("\"emitters\": [],", "emitters", "at least one emitter")]
    public void RootErrorsNameTheField(string extra, string path, string fragment)
    {
        string json = extra.StartsWith("\"emitters\"", StringComparison.Ordinal)
            ? """{ "task": { "name": "arm", "dim": 3 }, "archive": { "type": "grid", "dims": [5, 5] }, "emitters": [] }"""
            : Minimal(extra: extra);
        AssertError(json, path, fragment);
    }

    [Fact]
    public void IterationsOverrideIsChecked()
    {
        var e = Assert.Throws<ConfigException>(() => new ConfigOverrides(null, 0).ApplyTo(Load(Minimal())));
        Assert.StartsWith("--iterations:", e.Message);
    }

    [Fact]
    public void MissingFileIsReported()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile("/no/such/config.json"));
        Assert.Contains("'/no/such/config.json' not found", e.Message);
    }
}

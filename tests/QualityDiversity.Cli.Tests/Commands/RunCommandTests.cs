using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Export;

namespace QualityDiversity.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public void RunWritesEveryOutputFile()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 30));
        string output = dir.File("out");
        var result = Qd.Run("run", config, "--out", output);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal("", result.Err);
        Assert.Contains("Done: 30 iterations", result.Out);
        Assert.Contains("[100%] iteration 30/30", result.Out);
        foreach (string file in new[] { "config.json", "metrics.csv", "archive.csv", "checkpoint.bin", "heatmap.png", "metrics.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing");
        Assert.True(RunFiles.IsPng(Path.Combine(output, "heatmap.png")));
        Assert.True(RunFiles.IsPng(Path.Combine(output, "metrics.png")));

        string[] metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("iteration,evaluations,qd_score,norm_qd_score,coverage,max_objective,mean_objective,elapsed_seconds", metrics[0]);
        Assert.Equal(31, metrics.Length);
        Assert.StartsWith("1,130,", metrics[1]);   // 2 x 50 initial solutions + 30 iso-line candidates
        Assert.StartsWith("30,3320,", metrics[30]); // then 2 x 40 + 30 per iteration

        var archive = ArchiveCsv.Read(Path.Combine(output, "archive.csv"));
        Assert.NotEmpty(archive.Rows);
        Assert.Equal(2, archive.MeasureDim);
        Assert.Equal(10, archive.SolutionWidth);
        Assert.StartsWith("index,objective,measure_0,measure_1,solution_0,", File.ReadLines(Path.Combine(output, "archive.csv")).First());
        Assert.All(archive.Rows, r => Assert.InRange(r.Index, 0, 399));
        var last = MetricsCsv.Read(Path.Combine(output, "metrics.csv"))[^1];
        Assert.Equal(archive.Rows.Count / 400.0, last.Coverage);
        Assert.Equal(archive.Rows.Max(r => r.Objective), last.MaxObjective);
    }

    [Fact]
    public void InitialPopulationIsEvaluatedOnceBeforeTheFirstIteration()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("p.json", Configs.ArmWithInitialPopulation(iterations: 6));
        string output = dir.File("out");
        var result = Qd.Run("run", config, "--out", output);
        Assert.True(result.ExitCode == 0, result.Err);

        var rows = MetricsCsv.Read(Path.Combine(output, "metrics.csv"));
        Assert.Equal(37 + 25, rows[0].Evaluations);
        Assert.Equal(37 + 6 * 25, rows[^1].Evaluations);
        var written = ConfigLoader.LoadUnresolved(Path.Combine(output, "config.json"));
        Assert.Equal(37, written.InitialPopulation!.Count);
        Assert.Equal([-Math.PI], written.InitialPopulation.Low!); // the arm's initial range
        Assert.Equal([Math.PI], written.InitialPopulation.High!);
    }

    [Fact]
    public void ConfigJsonIsTheResolvedConfigWithOverrides()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 30));
        string output = dir.File("out");
        var result = Qd.Run("run", config, "--out", output, "--seed", "123", "--iterations", "4");
        Assert.Equal(0, result.ExitCode);

        var written = ConfigLoader.LoadUnresolved(Path.Combine(output, "config.json"));
        Assert.Equal(123, written.Seed);
        Assert.Equal(4, written.Iterations);
        Assert.Equal("small-arm", written.Name);
        var grid = Assert.IsType<GridArchiveConfig>(written.Archive);
        Assert.Equal([new ValueRange(-10, 10), new ValueRange(-10, 10)], grid.Ranges!); // filled from the task
        Assert.Equal([-Math.PI], written.Emitters[0].InitialSolutions!.Low!);
        string text = File.ReadAllText(Path.Combine(output, "config.json"));
        foreach (string key in new[] { "\"checkpoint_every\"", "\"metrics_every\"", "\"result_archive\": null", "\"threshold_min\": null", "\"learning_rate\"", "\"x0\": null" })
            Assert.Contains(key, text);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
    }

    [Fact]
    public void MetricsEveryThinsTheRowsButKeepsTheLastIteration()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 23, metricsEvery: 5));
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("out")).ExitCode);
        var rows = MetricsCsv.Read(Path.Combine(dir.File("out"), "metrics.csv"));
        Assert.Equal([5, 10, 15, 20, 23], rows.Select(r => r.Iteration));
    }

    [Fact]
    public void SameSeedGivesTheSameArchiveAndAnotherSeedAnotherOne()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 10));
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("a")).ExitCode);
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("b")).ExitCode);
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("c"), "--seed", "8").ExitCode);
        RunFiles.AssertSameResults(dir.File("a"), dir.File("b"));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.File("a"), "archive.csv")), File.ReadAllBytes(Path.Combine(dir.File("c"), "archive.csv")));
    }

    [Fact]
    public void SoftThresholdArchivesExportTheirThresholds()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("cmamae.json", Configs.SmallArm(iterations: 5,
            archive: """{ "type": "grid", "dims": [20, 20], "learning_rate": 0.05, "threshold_min": 0 }""").Replace(
            "\"emitters\"", """ "result_archive": { "type": "grid", "dims": [20, 20] }, "emitters" """));
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("out")).ExitCode);
        // The result archive (plain thresholds) is the one exported.
        Assert.StartsWith("index,objective,measure_0", File.ReadLines(Path.Combine(dir.File("out"), "archive.csv")).First());
    }

    [Fact]
    public void RefusesToOverwriteARun()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 3));
        Assert.Equal(0, Qd.Run("run", config, "--out", dir.File("out")).ExitCode);
        var again = Qd.Run("run", config, "--out", dir.File("out"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a run", again.Err);
        Assert.Contains("qd resume", again.Err);
    }

    [Theory]
    [InlineData("", "--out: is empty; give the path of the run directory.")]
    [InlineData("/proc/qd-run", "--out: '/proc/qd-run' cannot be created:")]
    public void An_output_directory_that_cannot_be_made_is_a_bad_argument_named_as_such(string output, string message)
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("small.json", Configs.SmallArm(iterations: 3));
        var result = Qd.Run("run", config, "--out", output);
        Assert.True(result.ExitCode == 2, result.Err);
        Assert.Contains(message, result.Err);
        Assert.DoesNotContain("unexpected", result.Err);
    }
}

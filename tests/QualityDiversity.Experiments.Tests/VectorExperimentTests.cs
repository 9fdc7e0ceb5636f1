using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

public sealed class VectorExperimentTests
{
    // A small sphere search, built in code as a user would.
    private static SearchConfig Sphere(int iterations = 40) => new()
    {
        Name = "sphere",
        Seed = 7,
        Iterations = iterations,
        CheckpointEvery = 10,
        Task = new TaskConfig("lp-sphere", 10),
        Archive = new GridArchiveConfig { Dims = [20, 20] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 30, X0 = new double[10] }],
    };

    [Fact]
    public async Task A_search_built_in_code_runs_and_its_directory_reads_back()
    {
        using var scratch = new Scratch();
        using var run = Experiment.Start(Sphere(), scratch.File("run"));
        var outcome = await run.RunAsync();

        Assert.False(outcome.Interrupted);
        Assert.Equal(40, outcome.Completed);
        Assert.Equal(40 * 30, run.Evaluations);
        var directory = Experiment.Open(scratch.File("run"));
        var archive = directory.ReadArchive();
        Assert.Equal(run.Statistics.Elites, archive.Rows.Count);
        Assert.Equal(run.Statistics.QdScore, archive.Rows.Sum(r => r.Objective), 6);
        var metrics = directory.ReadMetrics();
        Assert.Equal(40, metrics.RowCount);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (double)i), metrics["iteration"]);
        Assert.Equal(run.Statistics.QdScore, metrics["qd_score"][^1]);
        Assert.Contains(directory.Figures, f => f.EndsWith("heatmap.png", StringComparison.Ordinal));
        Assert.Contains(outcome.Files, f => f.EndsWith("checkpoint.bin", StringComparison.Ordinal));
        Assert.StartsWith("Done: 40 iterations", outcome.Summary[0]);

        // config.json records the resolved configuration: the task's measure ranges were filled in.
        var written = (SearchConfig)directory.ReadConfig();
        var grid = Assert.IsType<GridArchiveConfig>(written.Archive);
        Assert.Equal(2, grid.Ranges!.Length);
        Assert.Equal(run.Config.ToJson(), written.ToJson());
    }

    [Fact]
    public async Task An_interrupted_run_resumes_to_the_archive_of_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Sphere(), scratch.File("whole"))) await whole.RunAsync();

        using (var first = Experiment.Start(Sphere(), scratch.File("cut")))
        using (var stop = new StopAfter(13))
        {
            var outcome = await first.RunAsync(stop, stop.Token);
            Assert.True(outcome.Interrupted);
            Assert.Equal(13, outcome.Completed);
            Assert.StartsWith("Interrupted after iteration 13 of 40", outcome.Summary[0]);
        }
        using (var resumed = Experiment.Resume(scratch.File("cut")))
        {
            Assert.Equal(13, resumed.Completed);
            var outcome = await resumed.RunAsync();
            Assert.Equal(40, outcome.Completed);
        }

        Assert.Equal(File.ReadAllText(Path.Combine(scratch.File("whole"), "archive.csv")), File.ReadAllText(Path.Combine(scratch.File("cut"), "archive.csv")));
        var metrics = Experiment.Open(scratch.File("cut")).ReadMetrics();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (double)i), metrics["iteration"]);
    }

    [Fact]
    public async Task Resume_with_a_new_length_extends_a_finished_run_and_records_it()
    {
        using var scratch = new Scratch();
        using (var run = Experiment.Start(Sphere(20), scratch.File("run"))) await run.RunAsync();
        using (var more = Experiment.Resume(scratch.File("run"), length: 30))
        {
            Assert.Equal(20, more.Completed);
            Assert.Equal(30, (await more.RunAsync()).Completed);
        }
        Assert.Equal(30, Experiment.Open(scratch.File("run")).ReadConfig().Length);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(scratch.File("run"), length: 25));
        Assert.Equal("length", error.Parameter);
        Assert.Equal("25 is below the 30 iterations the checkpoint has already completed.", error.Detail);
    }

    [Fact]
    public async Task A_directory_that_holds_a_run_is_refused_and_left_as_it_was()
    {
        using var scratch = new Scratch();
        using (var run = Experiment.Start(Sphere(10), scratch.File("run"))) await run.RunAsync();
        string before = File.ReadAllText(Path.Combine(scratch.File("run"), "archive.csv"));

        var error = Assert.Throws<ExperimentException>(() => Experiment.Start(Sphere(10), scratch.File("run")));
        Assert.Equal("directory", error.Parameter);
        Assert.Equal(ExperimentErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(before, File.ReadAllText(Path.Combine(scratch.File("run"), "archive.csv")));
    }

    [Fact]
    public void A_bad_value_in_a_configuration_built_in_code_is_named_like_in_a_file()
    {
        using var scratch = new Scratch();
        var bad = Sphere() with { Emitters = [new GaussianEmitterConfig { Sigma = [-1], BatchSize = 30, X0 = new double[10] }] };

        var error = Assert.Throws<ConfigException>(() => Experiment.Start(bad, scratch.File("run")));
        Assert.Equal("emitters[0].sigma", error.FieldPath);
        Assert.False(Directory.Exists(scratch.File("run")));
    }

    [Fact]
    public void Opening_what_is_not_a_run_directory_says_why()
    {
        using var scratch = new Scratch();
        var missing = Assert.Throws<ExperimentException>(() => Experiment.Open(scratch.File("nothing")));
        Assert.Contains("not found", missing.Message);
        var empty = Assert.Throws<ExperimentException>(() => Experiment.Resume(scratch.Path));
        Assert.Contains("has no config.json", empty.Message);
        Assert.Equal(ExperimentErrorKind.InvalidRequest, empty.Kind);
        Assert.Equal(ExperimentErrorKind.InvalidRequest, missing.Kind);
    }

    [Fact]
    public async Task A_configuration_file_loads_as_the_same_typed_configuration_the_cli_runs()
    {
        var config = Assert.IsType<SearchConfig>(ExperimentConfig.Load(Scratch.Example("lp-sphere-cma-mae.json")));
        Assert.NotNull(config.ResultArchive);
        using var scratch = new Scratch();
        using var run = Experiment.Start(config.WithLength(3), scratch.File("run"));
        var outcome = await run.RunAsync();
        Assert.Equal(3, outcome.Completed);
        Assert.Equal(3, Experiment.Open(scratch.File("run")).ReadMetrics().RowCount);
    }
}

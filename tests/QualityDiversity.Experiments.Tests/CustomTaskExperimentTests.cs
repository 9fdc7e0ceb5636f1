using QualityDiversity.Domains;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

public sealed class CustomTaskExperimentTests
{
    // A user's own evaluator: evaluated in parallel over the cores by its base class.
    private sealed class Ridge(int dim) : BenchmarkTask
    {
        public const string TaskName = "test-ridge";

        public override string Id => TaskName;
        public override string Name => $"ridge ({dim}-D)";
        public override int SolutionDim => dim;
        public override int MeasureDim => 2;
        public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => [(-1, 1), (-1, 1)];
        public override (double Lower, double Upper) InitialRange => (-1, 1);

        protected override double Evaluate(ReadOnlySpan<double> x, Span<double> measures, Span<double> features)
        {
            measures[0] = Math.Tanh(x[0]);
            measures[1] = Math.Tanh(x[1]);
            double sum = 0;
            foreach (double v in x) sum += v * v;
            return 10 - sum;
        }
    }

    // Throws for some solutions and gives NaN for others: both kinds of failure a run survives.
    private sealed class Flaky(int dim) : BenchmarkTask
    {
        public const string TaskName = "test-flaky";

        public override string Id => TaskName;
        public override string Name => $"flaky ({dim}-D)";
        public override int SolutionDim => dim;
        public override int MeasureDim => 2;
        public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => [(-1, 1), (-1, 1)];
        public override (double Lower, double Upper) InitialRange => (-1, 1);

        protected override double Evaluate(ReadOnlySpan<double> x, Span<double> measures, Span<double> features)
        {
            if (x[0] > 0.8) throw new InvalidOperationException("simulator crashed");
            measures[0] = Math.Tanh(x[0]);
            measures[1] = Math.Tanh(x[1]);
            return x[1] < -0.8 ? double.NaN : 1 - x[0] * x[0];
        }
    }

    static CustomTaskExperimentTests()
    {
        BenchmarkTasks.Register(Ridge.TaskName, d => new Ridge(d));
        BenchmarkTasks.Register(Flaky.TaskName, d => new Flaky(d));
    }

    private static SearchConfig Config() => new()
    {
        Name = "ridge",
        Seed = 3,
        Iterations = 30,
        CheckpointEvery = 5,
        Task = new TaskConfig(Ridge.TaskName, 6),
        Archive = new GridArchiveConfig { Dims = [10, 10] },
        InitialPopulation = new InitialSolutionsConfig { Count = 50 },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.2], BatchSize = 20 }],
    };

    [Fact]
    public async Task A_registered_task_of_the_users_own_runs_and_resumes_as_an_experiment()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Config(), scratch.File("whole")))
        {
            var outcome = await whole.RunAsync();
            Assert.Equal(30, outcome.Completed);
            Assert.Equal(50 + 30 * 20, whole.Evaluations);
            Assert.Contains("ridge (6-D)", whole.Description);
        }
        using (var cut = Experiment.Start(Config(), scratch.File("cut")))
        using (var stop = new StopAfter(12))
            await cut.RunAsync(stop, stop.Token);
        using (var resumed = Experiment.Resume(scratch.File("cut"))) await resumed.RunAsync();

        var archive = Experiment.Open(scratch.File("whole")).ReadArchive();
        Assert.Equal(File.ReadAllText(Path.Combine(scratch.File("whole"), "archive.csv")), File.ReadAllText(Path.Combine(scratch.File("cut"), "archive.csv")));
        foreach (var row in archive.Rows)
        {
            Assert.Equal(10 - row.Solution.Sum(v => v * v), row.Objective, 12);
            Assert.Equal(Math.Tanh(row.Solution[0]), row.Measures[0], 12);
        }
        Assert.True(archive.Rows.Count > 10, $"{archive.Rows.Count} elites");
    }

    [Fact]
    public async Task Failed_evaluations_are_noted_counted_and_kept_out_of_the_archive()
    {
        using var scratch = new Scratch();
        var config = Config() with { Task = new TaskConfig(Flaky.TaskName, 4), Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 20 }] };
        using var run = Experiment.Start(config, scratch.File("flaky"));
        var progress = new StopAfter(int.MaxValue);
        var outcome = await run.RunAsync(progress);

        Assert.Equal(30, outcome.Completed);
        var noted = progress.Notes.Where(n => n.Contains("stayed out of the archive", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(noted);
        Assert.True(noted.Count <= 10, $"{noted.Count} failure notes");
        Assert.Contains(outcome.Summary, line => line.EndsWith("evaluations failed (thrown, timed out or not finite) and were kept out of the archive.", StringComparison.Ordinal));
        var archive = Experiment.Open(scratch.File("flaky")).ReadArchive();
        Assert.NotEmpty(archive.Rows);
        foreach (var row in archive.Rows)
        {
            Assert.True(row.Solution[0] <= 0.8 && row.Solution[1] >= -0.8, "a failed candidate reached the archive");
            Assert.Equal(1 - row.Solution[0] * row.Solution[0], row.Objective, 12);
        }
    }

    [Fact]
    public void A_built_in_name_cannot_be_taken_and_an_unknown_task_is_named_in_the_error()
    {
        var taken = Assert.Throws<ArgumentException>(() => BenchmarkTasks.Register("Arm", d => new Ridge(d)));
        Assert.Contains("built-in", taken.Message);
        var unknown = Assert.Throws<ConfigException>(() => (Config() with { Task = new TaskConfig("no-such-task", 3) }).Validate());
        Assert.Equal("task.name", unknown.FieldPath);
        Assert.Contains(Ridge.TaskName, unknown.Message);
    }
}

using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

public sealed class RunLockTests
{
    private static SearchConfig Sphere(int iterations) => new()
    {
        Name = "sphere",
        Seed = 3,
        Iterations = iterations,
        CheckpointEvery = 5,
        Task = new TaskConfig("lp-sphere", 4),
        Archive = new GridArchiveConfig { Dims = [8, 8] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 8, X0 = new double[4] }],
    };

    [Fact]
    public async Task A_second_writer_is_refused_while_a_run_is_open_and_admitted_once_it_is_closed()
    {
        using var scratch = new Scratch();
        string dir = scratch.File("run");
        using (var first = Experiment.Start(Sphere(10), dir))
        {
            var start = Assert.Throws<ExperimentException>(() => Experiment.Start(Sphere(10), dir));
            Assert.Equal("directory", start.Parameter);
            Assert.Contains($"process id {Environment.ProcessId}", start.Detail);
            var resume = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));
            Assert.Contains("two runs cannot write into one directory", resume.Message);
            await first.RunAsync();
        }
        using var again = Experiment.Resume(dir, length: 15);
        Assert.Equal(15, (await again.RunAsync()).Completed);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (double)i), Experiment.Open(dir).ReadMetrics()["iteration"]);
    }

    [Fact]
    public async Task A_finished_or_refused_run_leaves_no_lock_files_behind()
    {
        using var scratch = new Scratch();
        string dir = scratch.File("run");
        using (var run = Experiment.Start(Sphere(10), dir))
        {
            Assert.True(File.Exists(Path.Combine(dir, "run.lock")));
            Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(Path.Combine(dir, "run.lock.owner")), StringComparison.Ordinal);
            await run.RunAsync();
        }
        AssertNoLockFiles(dir);

        // A resume that is refused (its length is below what is done) releases the lock as cleanly.
        Assert.Throws<ExperimentException>(() => Experiment.Resume(dir, length: 5));
        AssertNoLockFiles(dir);
        using (var again = Experiment.Resume(dir, length: 12))
            await again.RunAsync();
        AssertNoLockFiles(dir);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double)i), Experiment.Open(dir).ReadMetrics()["iteration"]);
    }

    private static void AssertNoLockFiles(string dir)
    {
        Assert.False(File.Exists(Path.Combine(dir, "run.lock")), "run.lock is left");
        Assert.False(File.Exists(Path.Combine(dir, "run.lock.owner")), "run.lock.owner is left");
    }
}

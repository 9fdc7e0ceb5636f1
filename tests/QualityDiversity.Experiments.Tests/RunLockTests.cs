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
}

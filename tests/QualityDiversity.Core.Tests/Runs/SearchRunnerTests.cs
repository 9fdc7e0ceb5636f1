using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Core.Tests.Runs;

public class SearchRunnerTests
{
    private static SearchRunner<double> Build(long seed)
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.1, ThresholdMin = -5, FeatureDim = 4 };
        var archive = new GridArchive<double>(4, [12, 12], [(-1, 1), (-1, 1)], options);
        var result = new GridArchive<double>(4, [12, 12], [(-1, 1), (-1, 1)]);
        var initial = new double[4 * 10];
        RandomSource.ForStream(seed, 100).FillUniform(initial, -1, 1);
        var emitters = new IEmitter<double>[]
        {
            new GaussianEmitter(archive, [0.1], 16, RandomSource.ForStream(seed, 0), initialSolutions: initial),
            new IsoLineEmitter(archive, 0.05, 0.2, 16, RandomSource.ForStream(seed, 1)),
        };
        return new SearchRunner<double>(new Scheduler<double>(archive, emitters, result), new SphereEvaluator(4));
    }

    [Fact]
    public async Task Resumed_run_ends_with_exactly_the_archive_of_an_uninterrupted_run()
    {
        var uninterrupted = Build(17);
        await uninterrupted.RunAsync(60);

        string directory = Directory.CreateTempSubdirectory("qd-resume-").FullName;
        try
        {
            string checkpoint = Path.Combine(directory, "checkpoint.bin");
            var interrupted = Build(17);
            await interrupted.RunAsync(25, checkpoint, checkpointEvery: 10); // checkpoint at 10, 20 and 25
            await interrupted.StepAsync(60);                                // work after the checkpoint is lost

            var resumed = Build(17);
            resumed.LoadCheckpoint(checkpoint);
            Assert.Equal(25, resumed.Iteration);
            await resumed.RunAsync(60);

            Assert.Equal(uninterrupted.Evaluations, resumed.Evaluations);
            Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.Archive), Batches.Snapshot(resumed.Scheduler.Archive));
            Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.ResultArchive!), Batches.Snapshot(resumed.Scheduler.ResultArchive!));
            Assert.Equal(uninterrupted.Scheduler.ReportedArchive.Statistics, resumed.Scheduler.ReportedArchive.Statistics);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Observers_see_every_iteration_and_checkpoints()
    {
        var runner = Build(1);
        var observer = new RecordingObserver();
        runner.Observers.Add(observer);
        string path = Path.Combine(Path.GetTempPath(), $"qd-{Guid.NewGuid():N}.bin");
        try
        {
            await runner.RunAsync(7, path, checkpointEvery: 3);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], observer.Iterations);
        Assert.Equal([3, 6, 7], observer.Checkpoints);
        Assert.Equal(10 + 16 + 6 * 32, runner.Evaluations);
    }

    [Fact]
    public async Task Initial_population_fills_both_archives_before_the_first_iteration()
    {
        var runner = Build(3);
        var population = new double[4 * 30];
        new RandomSource(5).FillUniform(population, -1, 1);
        var outcome = await runner.InitializeAsync(new QualityDiversity.Solutions.SolutionBatch<double>(population, 4));

        Assert.Equal(30, outcome.Count);
        Assert.Equal(0, runner.Iteration);
        Assert.Equal(30, runner.Evaluations);
        Assert.Equal(runner.Scheduler.Archive.Count, runner.Scheduler.ResultArchive!.Count);
        Assert.Equal(30, outcome.NewCount); // every candidate met an empty cell, duplicates included
        Assert.InRange(runner.Scheduler.Archive.Count, 20, 30);

        await runner.StepAsync(1);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await runner.InitializeAsync(new QualityDiversity.Solutions.SolutionBatch<double>(population, 4)));
    }

    [Fact]
    public async Task Phase_timings_accumulate_only_while_attached()
    {
        var runner = Build(4);
        await runner.StepAsync(10);
        var timings = new PhaseTimings();
        runner.Timings = timings;
        await runner.RunAsync(6);
        Assert.True(timings.Ask > TimeSpan.Zero);
        Assert.True(timings.Evaluate > TimeSpan.Zero);
        Assert.True(timings.Tell > TimeSpan.Zero);
        var total = timings.Ask + timings.Evaluate + timings.Tell;

        runner.Timings = null;
        await runner.RunAsync(9);
        Assert.Equal(total, timings.Ask + timings.Evaluate + timings.Tell);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_rejected()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qd-{Guid.NewGuid():N}.bin");
        File.WriteAllText(path, "not a checkpoint");
        try
        {
            Assert.Throws<InvalidDataException>(() => Build(1).LoadCheckpoint(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class RecordingObserver : ISearchObserver
    {
        public List<int> Iterations { get; } = [];
        public List<int> Checkpoints { get; } = [];
        public void OnIteration(in IterationReport report) => Iterations.Add(report.Iteration);
        public void OnCheckpoint(int iteration) => Checkpoints.Add(iteration);
    }
}

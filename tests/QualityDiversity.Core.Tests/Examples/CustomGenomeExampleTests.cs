using CustomGenome;
using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Examples;

/// <summary>The flow of examples/CustomGenome: melodies evolved, checkpointed and resumed.</summary>
public class CustomGenomeExampleTests
{
    [Fact]
    public async Task The_example_search_reaches_its_seeded_result()
    {
        var runner = Melodies.Build(seed: 1);
        await runner.RunAsync(300);
        var stats = runner.Scheduler.Archive.Statistics;
        Assert.Equal(9600, runner.Evaluations);
        Assert.Equal(0, runner.FailedEvaluations);
        Assert.Equal(94, stats.Elites);
        Assert.Equal(90.65, Math.Round(stats.QdScore, 2));
        Assert.Equal(1.0, stats.MaxObjective);
        // Every elite is a valid melody and sits in the cell of its own measures.
        foreach (var elite in runner.Scheduler.Archive.Elites())
        {
            var notes = elite.Solution[0].Notes;
            Assert.InRange(notes.Length, 4, 16);
            Assert.All(notes, n => Assert.InRange(n, 0, 24));
            var measures = new double[2];
            Assert.Equal(elite.Objective, Melodies.Evaluate(elite.Solution, measures, []));
            Assert.Equal(measures, elite.Measures);
        }
    }

    [Fact]
    public async Task A_melody_search_resumed_from_a_checkpoint_ends_like_the_uninterrupted_one()
    {
        var uninterrupted = Melodies.Build(seed: 4);
        await uninterrupted.RunAsync(80);

        string directory = Directory.CreateTempSubdirectory("qd-melodies-").FullName;
        try
        {
            string checkpoint = Path.Combine(directory, "melodies.ckpt");
            var interrupted = Melodies.Build(seed: 4);
            await interrupted.RunAsync(35, checkpoint, checkpointEvery: 10);
            await interrupted.StepAsync(80); // lost

            var resumed = Melodies.Build(seed: 4);
            resumed.LoadCheckpoint(checkpoint);
            Assert.Equal(35, resumed.Iteration);
            await resumed.RunAsync(80);

            Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.Archive), Batches.Snapshot(resumed.Scheduler.Archive));
            Assert.Equal(uninterrupted.Scheduler.Archive.Statistics, resumed.Scheduler.Archive.Statistics);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_genome_without_a_codec_fails_before_the_first_evaluation_when_checkpoints_are_asked_for()
    {
        var archive = new GridArchive<Melody>(1, [10, 10], [(0, 1), (0, 1)]); // no codec
        var emitter = new GeneticAlgorithmEmitter<Melody>(archive, VariationOperators.Mutation<Melody>(Melodies.Mutate), 8,
            new RandomSource(1), seeds: [new Melody([0, 4, 7, 12])]);
        int evaluations = 0;
        var evaluator = new FunctionEvaluator<Melody>(2, (s, m, f) =>
        {
            Interlocked.Increment(ref evaluations);
            return Melodies.Evaluate(s, m, f);
        });
        var runner = new SearchRunner<Melody>(new Scheduler<Melody>(archive, [emitter]), evaluator);
        string path = Path.Combine(Path.GetTempPath(), $"qd-{Guid.NewGuid():N}.ckpt");

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await runner.RunAsync(5, path));
        Assert.Contains("no built-in checkpoint codec for solutions of type Melody", error.Message);
        Assert.Contains("ArchiveOptions<Melody>.Codec", error.Message);
        Assert.Equal(0, evaluations);
        Assert.False(File.Exists(path));

        await runner.RunAsync(5); // without checkpoints no codec is needed
        Assert.Equal(40, evaluations);
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Evaluation;
using QualityDiversity.Rankers;
using QualityDiversity.Randomness;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Schedulers;

public class SchedulerTests
{
    /// <summary>Proposes uniform vectors in [-1, 1] (an operator without parents) and records what it is told.</summary>
    private sealed class RecordingEmitter(IArchive<double> archive, int batchSize, RandomSource random)
        : GeneticAlgorithmEmitter<double>(archive, new UniformVectors(), batchSize, random)
    {
        public List<(int Count, AddStatus[] Status, double[] Objectives)> Told { get; } = [];

        public override void Tell(in EmitterFeedback<double> feedback) =>
            Told.Add((feedback.Candidates.Count, feedback.Status.ToArray(), feedback.Candidates.Objectives.ToArray()));
    }

    private sealed class UniformVectors : QualityDiversity.Emitters.Operators.IVariationOperator<double>
    {
        public int ParentCount => 0;

        public void Vary(QualityDiversity.Emitters.Operators.ParentSource<double> parents, Span<double> children, RandomSource random) =>
            random.FillUniform(children, -1, 1);
    }

    [Fact]
    public async Task Ask_concatenates_emitters_and_tell_returns_each_its_own_slice()
    {
        var archive = new GridArchive<double>(3, [10, 10], [(-1, 1), (-1, 1)]);
        var first = new RecordingEmitter(archive, 4, new RandomSource(1));
        var second = new RecordingEmitter(archive, 6, new RandomSource(2));
        var scheduler = new Scheduler<double>(archive, [first, second]);

        var batch = scheduler.Ask();
        Assert.Equal(10, batch.Count);
        var results = new EvaluationResults(10, 2, 3);
        await new SphereEvaluator(3).EvaluateAsync(batch, results);
        scheduler.Tell(results);

        Assert.Single(first.Told);
        Assert.Equal(4, first.Told[0].Count);
        Assert.Equal(results.Objectives.Take(4), first.Told[0].Objectives);
        Assert.Equal(results.Objectives.Skip(4), second.Told[0].Objectives);
        Assert.Equal(scheduler.LastStatus.ToArray().Skip(4), second.Told[0].Status);
        Assert.True(archive.Count > 0);
    }

    [Fact]
    public void Tell_without_ask_and_double_ask_are_errors()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1, 1), (-1, 1)]);
        var scheduler = new Scheduler<double>(archive, [new GaussianEmitter(archive, [0.1], 3, new RandomSource(1))]);
        Assert.Throws<InvalidOperationException>(() => scheduler.Tell(new EvaluationResults(3, 2)));
        scheduler.Ask();
        Assert.Throws<InvalidOperationException>(() => scheduler.Ask());
    }

    [Fact]
    public void Malformed_results_leave_the_batch_outstanding_and_the_archive_unchanged()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1, 1), (-1, 1)]);
        var scheduler = new Scheduler<double>(archive, [new GaussianEmitter(archive, [0.1], 3, new RandomSource(1))]);
        scheduler.Ask();
        var bad = new EvaluationResults(3, 2);
        bad.Objectives[1] = double.NaN;
        var error = Assert.Throws<ArchiveInputException>(() => scheduler.Tell(bad));
        Assert.Equal(1, error.CandidateIndex);
        Assert.True(archive.IsEmpty);

        scheduler.Tell(new EvaluationResults(3, 2));
        Assert.Equal(1, archive.Count);
    }

    [Fact]
    public async Task Result_archive_receives_every_candidate_and_is_reported()
    {
        var archive = new GridArchive<double>(2, [8, 8], [(-1, 1), (-1, 1)], new ArchiveOptions<double> { LearningRate = 0.01, ThresholdMin = -10 });
        var resultArchive = new GridArchive<double>(2, [8, 8], [(-1, 1), (-1, 1)]);
        var scheduler = new Scheduler<double>(archive, [new GaussianEmitter(archive, [0.3], 50, new RandomSource(3))], resultArchive);

        for (int i = 0; i < 5; i++)
        {
            var batch = scheduler.Ask();
            var results = new EvaluationResults(batch.Count, 2, 2);
            await new SphereEvaluator(2).EvaluateAsync(batch, results);
            scheduler.Tell(results);
        }
        Assert.Same(resultArchive, scheduler.ReportedArchive);
        Assert.Equal(archive.Count, resultArchive.Count);
        foreach (int slot in resultArchive.Store.OccupiedSlots)
            Assert.True(resultArchive.Store.Objective(slot) >= archive.Store.Objective(slot));
    }

    [Fact]
    public void Emitters_over_another_archive_are_rejected()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1, 1), (-1, 1)]);
        var other = new GridArchive<double>(2, [4, 4], [(-1, 1), (-1, 1)]);
        Assert.Throws<ArgumentException>(() => new Scheduler<double>(archive, [new GaussianEmitter(other, [0.1], 3, new RandomSource(1))]));
        Assert.Throws<ArgumentException>(() => new Scheduler<double>(archive, Array.Empty<IEmitter<double>>()));
    }

    [Fact]
    public void The_archive_itself_is_refused_as_the_result_archive_as_by_the_other_schedulers()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1, 1), (-1, 1)]);
        var error = Assert.Throws<ArgumentException>(() => new Scheduler<double>(archive, [new GaussianEmitter(archive, [0.1], 3, new RandomSource(1))], archive));
        Assert.Equal("resultArchive", error.ParamName);
        Assert.StartsWith("The result archive is the archive itself", error.Message);
    }

    /// <summary>Proposes a number of rows that changes from step to step; each value names emitter, step and element.</summary>
    private sealed class VaryingEmitter(IArchive<double> archive, int id, int[] counts) : IEmitter<double>
    {
        private int _step;

        public IArchive<double> Archive { get; } = archive;
        public int SolutionWidth => 2;
        public int BatchSize => counts[0];

        public SolutionBatch<double> Ask()
        {
            // A fresh buffer each step, so a copy of an earlier step's rows cannot pass for this one's.
            var rows = new double[counts[_step % counts.Length] * 2];
            for (int e = 0; e < rows.Length; e++) rows[e] = id * 1_000_000 + _step * 1_000 + e;
            return new SolutionBatch<double>(rows, 2);
        }

        public int Steps => _step;

        public void Tell(in EmitterFeedback<double> feedback) => _step++;

        public void WriteState(BinaryWriter writer) => writer.Write(_step);

        public void ReadState(BinaryReader reader) => _step = reader.ReadInt32();
    }

    [Fact]
    public void Parallel_asks_concatenate_the_batches_in_emitter_order_when_their_sizes_change()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1e9, 1e9), (-1e9, 1e9)]);
        // Sizes stay, grow and shrink from one step to the next, for early and late emitters alike.
        int[][] counts = [[3, 3, 5, 5, 2, 3], [4, 4, 4, 1, 4, 4], [2, 2, 2, 2, 6, 6]];
        var emitters = counts.Select((c, id) => (IEmitter<double>)new VaryingEmitter(archive, id, c)).ToArray();
        var scheduler = new Scheduler<double>(archive, emitters) { ParallelEmitters = true };
        for (int step = 0; step < 6; step++)
        {
            var batch = scheduler.Ask();
            var expected = new List<double>();
            for (int id = 0; id < counts.Length; id++)
                for (int e = 0; e < counts[id][step] * 2; e++) expected.Add(id * 1_000_000 + step * 1_000 + e);
            Assert.Equal(expected, batch.Data.ToArray());
            var results = new EvaluationResults(batch.Count, 2, 2);
            results.Objectives.AsSpan().Fill(1);
            scheduler.Tell(results);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_batch_the_result_archive_rejects_changes_neither_archive_and_tells_no_emitter(bool parallel)
    {
        var archive = new GridArchive<double>(2, [4, 4], [(-1e9, 1e9), (-1e9, 1e9)]);
        var labels = new[] { "a", "b", "c" };
        var result = new CategoricalArchive<double>(2, [labels, labels]);
        var emitters = new[] { new VaryingEmitter(archive, 0, [2]), new VaryingEmitter(archive, 1, [3]) };
        var scheduler = new Scheduler<double>(archive, emitters, result) { ParallelEmitters = parallel };
        var batch = scheduler.Ask();
        var results = new EvaluationResults(batch.Count, 2, 2);
        results.Objectives.AsSpan().Fill(1);
        results.Measures.AsSpan().Fill(1);
        results.Measures[7] = 0.5; // candidate 3's second measure is no label index

        var error = Assert.Throws<ArchiveInputException>(() => scheduler.Tell(results));
        Assert.Equal(3, error.CandidateIndex);
        Assert.Equal(0, archive.Count);
        Assert.Equal(0, result.Count);
        Assert.All(emitters, e => Assert.Equal(0, e.Steps));
        Assert.True(scheduler.IsAskPending);

        // Mended, the same batch goes into both archives and reaches both emitters.
        results.Measures[7] = 2;
        scheduler.Tell(results);
        Assert.Equal(1, archive.Count);
        Assert.Equal(2, result.Count);
        Assert.All(emitters, e => Assert.Equal(1, e.Steps));
    }

    [Fact]
    public async Task Parallel_emitters_fill_the_result_archive_as_sequential_ones_do()
    {
        Scheduler<double> Build(bool inParallel)
        {
            var archive = new GridArchive<double>(4, [8, 8], [(-1, 1), (-1, 1)], new ArchiveOptions<double> { LearningRate = 0.1, ThresholdMin = 0 });
            var result = new GridArchive<double>(4, [8, 8], [(-1, 1), (-1, 1)]);
            var emitters = Enumerable.Range(0, 3)
                .Select(i => (IEmitter<double>)new EvolutionStrategyEmitter(archive, new double[4], 0.3, Ranker.Create("imp"), RandomSource.ForStream(8, i)))
                .ToArray();
            return new Scheduler<double>(archive, emitters, result) { ParallelEmitters = inParallel };
        }
        var sequential = Build(false);
        var parallel = Build(true);
        var evaluator = new SphereEvaluator(4);
        foreach (var scheduler in new[] { sequential, parallel })
        {
            for (int i = 0; i < 25; i++)
            {
                var batch = scheduler.Ask();
                var results = new EvaluationResults(batch.Count, 2, 4);
                await evaluator.EvaluateAsync(batch, results);
                scheduler.Tell(results);
            }
        }
        Assert.Equal(Batches.Snapshot(sequential.ResultArchive!), Batches.Snapshot(parallel.ResultArchive!));
        Assert.Equal(Batches.Snapshot(sequential.Archive), Batches.Snapshot(parallel.Archive));
        Assert.True(parallel.ResultArchive!.Count > 10);
    }
}

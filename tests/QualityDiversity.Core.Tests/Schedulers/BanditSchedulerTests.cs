using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Schedulers;

public class BanditSchedulerTests
{
    /// <summary>Proposes 1-D solutions equal to its id, so a test can tell whose candidate is whose.</summary>
    private class StubEmitter(IArchive<double> archive, int id, int batchSize) : IEmitter<double>
    {
        private readonly double[] _buffer = new double[batchSize];

        public int Id { get; } = id;
        public IArchive<double> Archive { get; } = archive;
        public int SolutionWidth => 1;
        public int BatchSize { get; } = batchSize;
        public int Tells { get; private set; }

        public SolutionBatch<double> Ask()
        {
            _buffer.AsSpan().Fill(Id);
            return new SolutionBatch<double>(_buffer, 1);
        }

        public virtual void Tell(in EmitterFeedback<double> feedback)
        {
            Assert.Equal(BatchSize, feedback.Candidates.Count);
            Tells++;
        }

        public virtual void WriteState(BinaryWriter writer) => writer.Write(Tells);

        public virtual void ReadState(BinaryReader reader) => Tells = reader.ReadInt32();
    }

    /// <summary>A stub that restarts during the tell after <see cref="RestartOnNextTell"/> is set.</summary>
    private sealed class RestartingStub(IArchive<double> archive, int id, int batchSize)
        : StubEmitter(archive, id, batchSize), IRestartingEmitter
    {
        public int Restarts { get; private set; }
        public bool RestartOnNextTell { get; set; }

        public override void Tell(in EmitterFeedback<double> feedback)
        {
            base.Tell(feedback);
            if (RestartOnNextTell) Restarts++;
            RestartOnNextTell = false;
        }
    }

    /// <summary>
    /// Evaluates stub batches: the candidates of emitters in <paramref name="successful"/> each
    /// land in a fresh cell (status New); all others land in cell 0, which holds an unbeatable
    /// elite (status NotAdded).
    /// </summary>
    private sealed class Outcomes
    {
        private int _nextCell = 1;

        public (double[] Objectives, double[] Measures) Evaluate(SolutionBatch<double> batch, params int[] successful)
        {
            var objectives = new double[batch.Count];
            var measures = new double[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                int id = (int)batch.Row(i)[0];
                measures[i] = successful.Contains(id) ? _nextCell++ + 0.5 : 0.5;
            }
            return (objectives, measures);
        }
    }

    private static GridArchive<double> LineArchive()
    {
        var archive = new GridArchive<double>(1, [1000], [(0, 1000)]);
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(new double[] { -1 }, 1), new double[] { 1e9 }, new double[] { 0.5 }));
        return archive;
    }

    private static int[] ActiveIndices<T>(BanditScheduler<T> scheduler) =>
        Enumerable.Range(0, scheduler.EmitterPool.Count).Where(i => scheduler.Active[i]).ToArray();

    private static void Step(BanditScheduler<double> scheduler, Outcomes outcomes, params int[] successful)
    {
        var (objectives, measures) = outcomes.Evaluate(scheduler.Ask(), successful);
        scheduler.Tell(objectives, measures);
    }

    [Fact]
    public void First_ask_activates_the_first_num_active_emitters_in_pool_order()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 5).Select(i => new StubEmitter(archive, i, 2 + i)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 3);
        Assert.Equal(BanditScheduler<double>.DefaultZeta, scheduler.Zeta);
        Assert.Equal(BanditReselect.Terminated, scheduler.Reselect);
        Assert.Empty(ActiveIndices(scheduler));

        var batch = scheduler.Ask();
        Assert.Equal([0, 1, 2], ActiveIndices(scheduler));
        Assert.Equal(new double[] { 0, 0, 1, 1, 1, 2, 2, 2, 2 }, Enumerable.Range(0, batch.Count).Select(i => batch.Row(i)[0]));
    }

    [Fact]
    public void Ucb1_prefers_never_selected_emitters_then_the_highest_score()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 4).Select(i => new StubEmitter(archive, i, 2)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 2, reselect: BanditReselect.All);
        var outcomes = new Outcomes();

        Step(scheduler, outcomes, 0);              // emitters 0 and 1: 0 succeeds twice, 1 never
        Assert.Equal([2L, 0, 0, 0], scheduler.Successes.ToArray());
        Assert.Equal([2L, 2, 0, 0], scheduler.Selections.ToArray());
        Assert.Equal(double.PositiveInfinity, scheduler.Score(2));

        var batch = scheduler.Ask();               // 2 and 3 were never selected: they go first
        Assert.Equal([2, 3], ActiveIndices(scheduler));
        var (objectives, measures) = outcomes.Evaluate(batch, 2);
        measures[1] = 0.5;                         // emitter 2 succeeds once of twice
        scheduler.Tell(objectives, measures);

        // Scores: s/n + ζ·sqrt(ln N / n) with N = 8 candidates told in all.
        double bonus = 0.05 * Math.Sqrt(Math.Log(8) / 2);
        Assert.Equal(1 + bonus, scheduler.Score(0), 12);
        Assert.Equal(0 + bonus, scheduler.Score(1), 12);
        Assert.Equal(0.5 + bonus, scheduler.Score(2), 12);
        Assert.Equal(0 + bonus, scheduler.Score(3), 12);

        scheduler.Ask();
        Assert.Equal([0, 2], ActiveIndices(scheduler));
        scheduler.Tell(new double[4], new double[] { 0.5, 0.5, 0.5, 0.5 }); // both fail: 0 → 2/4, 2 → 1/4

        scheduler.Ask();                           // 0 (0.5) first; 1 and 3 tie at 0 with 2 selections, 2 has 0.25
        Assert.Equal([0, 2], ActiveIndices(scheduler));
    }

    [Fact]
    public void Ties_go_to_the_lower_pool_index()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 4).Select(i => new StubEmitter(archive, i, 1)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 1, reselect: BanditReselect.All);
        var outcomes = new Outcomes();
        var order = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            var batch = scheduler.Ask();
            order.Add(ActiveIndices(scheduler).Single());
            var (objectives, measures) = outcomes.Evaluate(batch); // nobody ever succeeds
            scheduler.Tell(objectives, measures);
        }
        // Unselected first in pool order; then equal scores go by index; then the exploration
        // bonus favours the less selected.
        Assert.Equal([0, 1, 2, 3, 0, 1], order);
    }

    [Fact]
    public void Terminated_reselects_only_emitters_that_restarted_in_their_last_tell()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 3).Select(i => new RestartingStub(archive, i, 2)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 1);
        var outcomes = new Outcomes();

        for (int i = 0; i < 3; i++) Step(scheduler, outcomes, 0);
        Assert.Equal([0], ActiveIndices(scheduler)); // no restart: kept although 1 and 2 are untried
        Assert.Equal(3, pool[0].Tells);

        pool[0].RestartOnNextTell = true;
        Step(scheduler, outcomes, 0);
        scheduler.Ask();
        Assert.Equal([1], ActiveIndices(scheduler)); // 0 terminated; the untried 1 wins over it
        scheduler.Tell(new double[2], new double[] { 0.5, 0.5 });

        scheduler.Ask();
        Assert.Equal([1], ActiveIndices(scheduler)); // failing but not terminated: kept
        scheduler.Tell(new double[2], new double[] { 0.5, 0.5 });
        Assert.Equal(0, pool[2].Tells);
    }

    [Fact]
    public void Terminated_emitter_may_be_selected_again()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 2).Select(i => new RestartingStub(archive, i, 2)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 1);
        var outcomes = new Outcomes();
        Step(scheduler, outcomes, 0);
        pool[0].RestartOnNextTell = true;
        Step(scheduler, outcomes, 0);                // 0 restarts during this tell
        Assert.Equal([0], ActiveIndices(scheduler));
        pool[1].RestartOnNextTell = true;
        Step(scheduler, outcomes);                   // the untried 1 replaces 0, fails and restarts
        Assert.Equal([1], ActiveIndices(scheduler));
        scheduler.Ask();
        Assert.Equal([0], ActiveIndices(scheduler)); // 0 has the better record
    }

    [Fact]
    public void Emitters_without_restarts_never_terminate()
    {
        var archive = LineArchive();
        var pool = Enumerable.Range(0, 3).Select(i => new StubEmitter(archive, i, 2)).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 2);
        var outcomes = new Outcomes();
        for (int i = 0; i < 5; i++) Step(scheduler, outcomes);
        Assert.Equal([0, 1], ActiveIndices(scheduler));
        Assert.Equal([5, 5, 0], pool.Select(e => e.Tells));
    }

    [Fact]
    public async Task Num_active_is_respected_and_the_result_archive_receives_everything()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.05, ThresholdMin = -5 };
        var archive = new GridArchive<double>(3, [10, 10], [(-1, 1), (-1, 1)], options);
        var result = new GridArchive<double>(3, [10, 10], [(-1, 1), (-1, 1)]);
        var pool = Enumerable.Range(0, 6).Select(i => (IEmitter<double>)new GaussianEmitter(archive, [0.05 + 0.1 * i], 4 + i, RandomSource.ForStream(2, i))).ToArray();
        var scheduler = new BanditScheduler<double>(archive, pool, numActive: 3, result, reselect: BanditReselect.All);
        Assert.Same(result, scheduler.ReportedArchive);
        var evaluator = new SphereEvaluator(3);
        long told = 0;
        for (int iteration = 0; iteration < 20; iteration++)
        {
            var batch = scheduler.Ask();
            var active = ActiveIndices(scheduler);
            Assert.Equal(3, active.Length);
            Assert.Equal(active.Sum(i => pool[i].BatchSize), batch.Count);
            var results = new EvaluationResults(batch.Count, 2, 3);
            await evaluator.EvaluateAsync(batch, results);
            scheduler.Tell(results);
            Assert.Equal(batch.Count, scheduler.LastStatus.Length);
            told += batch.Count;
        }
        Assert.Equal(told, scheduler.Selections.ToArray().Sum());
        Assert.True(result.Count > 0);
        Assert.Equal(archive.Count, result.Count);
        Assert.True(scheduler.Selections.ToArray().Count(s => s > 0) > 3); // "all" moved the bandit around
    }

    [Fact]
    public void Initial_population_goes_to_both_archives_without_touching_counters()
    {
        var archive = new GridArchive<double>(1, [10], [(0, 10)]);
        var result = new GridArchive<double>(1, [10], [(0, 10)]);
        var pool = new[] { new StubEmitter(archive, 0, 1), new StubEmitter(archive, 1, 1) };
        var scheduler = new BanditScheduler<double>(archive, pool, 1, result);
        var outcome = scheduler.AddInitialPopulation(new CandidateBatch<double>(
            new SolutionBatch<double>(new double[] { 1, 2 }, 1), new double[] { 1, 2 }, new double[] { 1.5, 2.5 }));
        Assert.Equal([AddStatus.New, AddStatus.New], outcome.Status.ToArray());
        Assert.Equal(2, archive.Count);
        Assert.Equal(2, result.Count);
        Assert.Equal([0L, 0L], scheduler.Selections.ToArray());
    }

    private static BanditScheduler<double> BuildCmaMe(long seed, bool parallel = false)
    {
        const int dimension = 6;
        var options = new ArchiveOptions<double> { LearningRate = 0.1, ThresholdMin = -10, FeatureDim = dimension };
        var archive = new GridArchive<double>(dimension, [12, 12], [(-1, 1), (-1, 1)], options);
        var result = new GridArchive<double>(dimension, [12, 12], [(-1, 1), (-1, 1)]);
        var pool = new IEmitter<double>[5];
        for (int i = 0; i < pool.Length; i++)
        {
            var ranker = Ranker.Create(i % 2 == 0 ? "imp" : "2rd");
            pool[i] = new EvolutionStrategyEmitter(archive, new double[dimension], 0.2 + 0.05 * i, ranker, RandomSource.ForStream(seed, i),
                selectionRule: SelectionRule.Mu, restartRule: RestartRule.Every(4 + i), batchSize: 6,
                strategy: i == 4 ? EvolutionStrategies.SeparableCmaEs : null);
        }
        return new BanditScheduler<double>(archive, pool, numActive: 2, result, zeta: 0.1) { ParallelEmitters = parallel };
    }

    private static async Task Run(BanditScheduler<double> scheduler, int iterations, List<string>? activeLog = null)
    {
        var evaluator = new SphereEvaluator(scheduler.Archive.SolutionWidth);
        for (int i = 0; i < iterations; i++)
        {
            var batch = scheduler.Ask();
            activeLog?.Add(string.Join(",", ActiveIndices(scheduler)));
            var results = new EvaluationResults(batch.Count, 2, scheduler.Archive.SolutionWidth);
            await evaluator.EvaluateAsync(batch, results);
            scheduler.Tell(results);
        }
    }

    [Fact]
    public async Task Checkpoint_round_trip_continues_identically()
    {
        var uninterrupted = BuildCmaMe(11);
        await Run(uninterrupted, 15);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) uninterrupted.WriteState(writer);
        var expectedLog = new List<string>();
        await Run(uninterrupted, 25, expectedLog);

        var resumed = BuildCmaMe(11);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) resumed.ReadState(reader);
        var log = new List<string>();
        await Run(resumed, 25, log);

        Assert.Equal(expectedLog, log);
        Assert.True(expectedLog.Distinct().Count() > 1); // the restarts did move the bandit
        Assert.Equal(uninterrupted.Successes.ToArray(), resumed.Successes.ToArray());
        Assert.Equal(uninterrupted.Selections.ToArray(), resumed.Selections.ToArray());
        Assert.Equal(Batches.Snapshot(uninterrupted.Archive), Batches.Snapshot(resumed.Archive));
        Assert.Equal(Batches.Snapshot(uninterrupted.ResultArchive!), Batches.Snapshot(resumed.ResultArchive!));
    }

    [Fact]
    public async Task Parallel_emitters_give_the_same_search_as_sequential_ones()
    {
        var sequential = BuildCmaMe(5);
        var parallel = BuildCmaMe(5, parallel: true);
        Assert.True(parallel.ParallelEmitters);
        await Run(sequential, 30);
        await Run(parallel, 30);
        Assert.Equal(Batches.Snapshot(sequential.Archive), Batches.Snapshot(parallel.Archive));
        Assert.Equal(sequential.Selections.ToArray(), parallel.Selections.ToArray());

        // The plain scheduler shares the same batching helper and option.
        Scheduler<double> Plain(bool inParallel)
        {
            var archive = new GridArchive<double>(4, [8, 8], [(-1, 1), (-1, 1)]);
            var emitters = Enumerable.Range(0, 4)
                .Select(i => (IEmitter<double>)new EvolutionStrategyEmitter(archive, new double[4], 0.3, Ranker.Create("2imp"), RandomSource.ForStream(3, i)))
                .ToArray();
            return new Scheduler<double>(archive, emitters) { ParallelEmitters = inParallel };
        }
        var plainSequential = Plain(false);
        var plainParallel = Plain(true);
        var evaluator = new SphereEvaluator(4);
        foreach (var scheduler in new[] { plainSequential, plainParallel })
        {
            for (int i = 0; i < 20; i++)
            {
                var batch = scheduler.Ask();
                var results = new EvaluationResults(batch.Count, 2, 4);
                await evaluator.EvaluateAsync(batch, results);
                scheduler.Tell(results);
            }
        }
        Assert.Equal(Batches.Snapshot(plainSequential.Archive), Batches.Snapshot(plainParallel.Archive));
    }

    [Fact]
    public void Emitter_exceptions_surface_unwrapped_in_parallel()
    {
        var archive = LineArchive();
        var pool = new IEmitter<double>[] { new StubEmitter(archive, 0, 1), new ThrowingEmitter(archive) };
        var scheduler = new BanditScheduler<double>(archive, pool, 2) { ParallelEmitters = true };
        Assert.Throws<NotSupportedException>(() => scheduler.Ask());
    }

    private sealed class ThrowingEmitter(IArchive<double> archive) : StubEmitter(archive, 9, 1), IEmitter<double>
    {
        public new SolutionBatch<double> Ask() => throw new NotSupportedException();
    }

    [Fact]
    public void Invalid_configuration_and_call_order_are_rejected()
    {
        var archive = LineArchive();
        var other = LineArchive();
        var a = new StubEmitter(archive, 0, 1);
        var b = new StubEmitter(archive, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BanditScheduler<double>(archive, [a, b], 0));
        Assert.Throws<ArgumentException>(() => new BanditScheduler<double>(archive, [a, b], 3));
        Assert.Throws<ArgumentException>(() => new BanditScheduler<double>(archive, [a, a], 1));
        Assert.Throws<ArgumentException>(() => new BanditScheduler<double>(archive, [a, new StubEmitter(other, 2, 1)], 1));
        Assert.Throws<ArgumentException>(() => new BanditScheduler<double>(archive, [a, b], 1, resultArchive: archive));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BanditScheduler<double>(archive, [a, b], 1, zeta: -1));

        var scheduler = new BanditScheduler<double>(archive, [a, b], 1);
        Assert.Throws<InvalidOperationException>(() => scheduler.Tell(new double[1], new double[1]));
        scheduler.Ask();
        Assert.Throws<InvalidOperationException>(() => scheduler.Ask());
        Assert.Throws<InvalidOperationException>(() => scheduler.WriteState(new BinaryWriter(new MemoryStream())));
        Assert.Throws<ArchiveInputException>(() => scheduler.Tell(new double[1], new double[] { double.NaN }));
        scheduler.Tell(new double[1], new double[] { 3.5 }); // still outstanding after the malformed tell
        Assert.Equal(1, a.Tells);

        Assert.Equal(BanditReselect.All, BanditScheduler<double>.ParseReselect("all"));
        Assert.Equal(BanditReselect.Terminated, BanditScheduler<double>.ParseReselect("terminated"));
        Assert.Contains("terminated", Assert.Throws<ArgumentException>(() => BanditScheduler<double>.ParseReselect("some")).Message);
    }

    [Fact]
    public void Checkpoint_of_another_pool_is_rejected()
    {
        var archive = LineArchive();
        var small = new BanditScheduler<double>(archive, [new StubEmitter(archive, 0, 1), new StubEmitter(archive, 1, 1)], 1);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) small.WriteState(writer);
        var archive2 = LineArchive();
        var large = new BanditScheduler<double>(archive2, Enumerable.Range(0, 3).Select(i => new StubEmitter(archive2, i, 1)).ToArray(), 1);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => large.ReadState(reader));
    }
}

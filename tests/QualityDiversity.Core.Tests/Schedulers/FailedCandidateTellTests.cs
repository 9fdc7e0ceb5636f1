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

public class FailedCandidateTellTests
{
    /// <summary>Proposes a fixed batch of 2-D rows and records what it is told.</summary>
    private sealed class FixedEmitter(IArchive<double> archive, double[] rows) : IEmitter<double>
    {
        public List<(AddStatus[] Status, double[] Values, bool[] Failed, double[] Objectives, double[] Measures)> Told { get; } = [];
        public IArchive<double> Archive => archive;
        public int SolutionWidth => 2;
        public int BatchSize => rows.Length / 2;
        public SolutionBatch<double> Ask() => new(rows, 2);
        public void Tell(in EmitterFeedback<double> feedback) => Told.Add((feedback.Status.ToArray(), feedback.Values.ToArray(),
            feedback.Failed.ToArray(), feedback.Candidates.Objectives.ToArray(), feedback.Candidates.Measures.ToArray()));
        public void WriteState(BinaryWriter writer) { }
        public void ReadState(BinaryReader reader) { }
    }

    private static (Scheduler<double> Scheduler, FixedEmitter Emitter, GridArchive<double> Archive) Build()
    {
        var archive = new GridArchive<double>(2, [10, 10], [(0, 1), (0, 1)]);
        archive.Add(Batches.Of([[9, 9]], [0.5], [[0.95, 0.95]]));
        var emitter = new FixedEmitter(archive, [0.1, 0.1, 0.3, 0.3, 0.5, 0.5, 0.7, 0.7, 0.95, 0.95]);
        return (new Scheduler<double>(archive, [emitter]), emitter, archive);
    }

    private static EvaluationResults Evaluate(SolutionBatch<double> batch)
    {
        var results = new EvaluationResults(batch.Count, 2);
        for (int i = 0; i < batch.Count; i++)
        {
            results.Objectives[i] = i + 1;
            batch.Row(i).CopyTo(results.MeasuresOf(i));
        }
        return results;
    }

    [Fact]
    public void A_nan_told_without_a_failure_mark_is_rejected_naming_candidate_and_field_and_nothing_changes()
    {
        var (scheduler, emitter, archive) = Build();
        var results = Evaluate(scheduler.Ask());
        results.Objectives[2] = double.NaN;
        string before = Batches.Snapshot(archive);

        var error = Assert.Throws<ArchiveInputException>(() => scheduler.Tell(results));
        Assert.Equal((2, "objectives"), (error.CandidateIndex, error.Field));
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.True(scheduler.IsAskPending);
        Assert.Empty(emitter.Told);
    }

    [Fact]
    public void Failed_candidates_are_kept_out_of_the_archive_and_shown_to_emitters_as_not_added_with_nan_values()
    {
        var (scheduler, emitter, archive) = Build();
        var results = Evaluate(scheduler.Ask());
        results.Objectives[2] = double.NaN;
        results.MarkFailed(2, CandidateFailureKind.NonFiniteObjective, "objective is NaN");
        results.MarkFailed(4, CandidateFailureKind.Exception, "boom"); // would have improved the elite in (9, 9)

        scheduler.Tell(results);

        Assert.False(scheduler.IsAskPending);
        Assert.Equal(4, archive.Count); // the first elite and candidates 0, 1 and 3
        Assert.Equal(-1, archive.FindSlot([0.5, 0.5]));
        Assert.Equal(0.5, archive.Store.Objective(archive.FindSlot([0.95, 0.95])));
        var told = Assert.Single(emitter.Told);
        Assert.Equal([AddStatus.New, AddStatus.New, AddStatus.NotAdded, AddStatus.New, AddStatus.NotAdded], told.Status);
        Assert.Equal([1.0, 2, double.NaN, 4, double.NaN], told.Values);
        Assert.Equal([false, false, true, false, true], told.Failed);
        Assert.Equal([1.0, 2, double.NaN, 4, double.NaN], told.Objectives);
        Assert.True(double.IsNaN(told.Measures[4 * 2 + 1]));
        Assert.Equal(scheduler.LastStatus.ToArray(), told.Status);
    }

    [Fact]
    public void A_bad_value_in_a_kept_candidate_is_named_by_its_index_in_the_whole_batch()
    {
        var (scheduler, _, archive) = Build();
        var results = Evaluate(scheduler.Ask());
        results.MarkFailed(1, CandidateFailureKind.Exception, "boom");
        results.MeasuresOf(3)[0] = double.PositiveInfinity;
        string before = Batches.Snapshot(archive);

        var error = Assert.Throws<ArchiveInputException>(() => scheduler.Tell(results));
        Assert.Equal((3, "measures"), (error.CandidateIndex, error.Field));
        Assert.StartsWith("Candidate 3: measure 0 is", error.Message);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.True(scheduler.IsAskPending);
    }

    [Fact]
    public void Abandon_drops_the_outstanding_batch_so_the_next_ask_succeeds()
    {
        var (scheduler, emitter, archive) = Build();
        scheduler.Ask();
        Assert.Throws<InvalidOperationException>(() => scheduler.Ask());
        scheduler.Abandon();
        Assert.False(scheduler.IsAskPending);
        Assert.Throws<InvalidOperationException>(() => scheduler.Tell(new EvaluationResults(5, 2)));
        var batch = scheduler.Ask();
        scheduler.Tell(Evaluate(batch));
        Assert.Single(emitter.Told);
        Assert.Equal(5, archive.Count); // four new cells; the last candidate improves the first elite
    }

    [Fact]
    public void Bandit_scheduler_abandons_and_counts_failed_candidates_as_unsuccessful_selections()
    {
        var archive = new GridArchive<double>(2, [10, 10], [(0, 1), (0, 1)]);
        var emitter = new FixedEmitter(archive, [0.1, 0.1, 0.3, 0.3, 0.5, 0.5]);
        var scheduler = new BanditScheduler<double>(archive, [emitter], numActive: 1);
        scheduler.Ask();
        scheduler.Abandon();
        var results = Evaluate(scheduler.Ask());
        results.MarkFailed(0, CandidateFailureKind.Timeout, "slow");
        scheduler.Tell(results);
        Assert.Equal(3, scheduler.Selections[0]);
        Assert.Equal(2, scheduler.Successes[0]);
        Assert.Equal(2, archive.Count);
    }

    [Fact]
    public async Task Evolution_strategy_never_takes_failed_candidates_as_parents()
    {
        var archive = new GridArchive<double>(3, [10, 10], [(-1, 1), (-1, 1)]);
        var emitter = new EvolutionStrategyEmitter(archive, new double[3], 0.5, new ObjectiveRanker(), new RandomSource(3),
            selectionRule: SelectionRule.Mu, batchSize: 8);
        var scheduler = new Scheduler<double>(archive, [emitter]);
        var batch = scheduler.Ask();
        var results = new EvaluationResults(8, 2, 3);
        await new SphereEvaluator(3).EvaluateAsync(batch, results);
        for (int i = 0; i < 6; i++) results.MarkFailed(i, CandidateFailureKind.Exception, "boom");

        scheduler.Tell(results);

        Assert.Equal(2, emitter.LastParentCount); // μ = λ/2 = 4, capped at the 2 that did not fail
    }
}

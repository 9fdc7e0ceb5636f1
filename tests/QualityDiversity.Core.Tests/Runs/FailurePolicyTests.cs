using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Runs;

public class FailurePolicyTests
{
    private static SearchRunner<double> Build(long seed, IEvaluator<double> evaluator, SearchRunnerOptions? options = null)
    {
        var archive = new GridArchive<double>(4, [12, 12], [(-1, 1), (-1, 1)], new ArchiveOptions<double> { FeatureDim = 4 });
        var initial = new double[4 * 10];
        RandomSource.ForStream(seed, 100).FillUniform(initial, -0.5, 0.5);
        var emitters = new IEmitter<double>[]
        {
            new GaussianEmitter(archive, [0.15], 16, RandomSource.ForStream(seed, 0), initialSolutions: initial),
            new IsoLineEmitter(archive, 0.1, 0.2, 16, RandomSource.ForStream(seed, 1)),
        };
        return new SearchRunner<double>(new Scheduler<double>(archive, emitters), evaluator, options);
    }

    private static void AssertNoEliteWouldHaveFailed(IArchive<double> archive)
    {
        Assert.False(archive.IsEmpty);
        foreach (var elite in archive.Elites())
            Assert.False(FaultyEvaluator.Fails(elite.Solution), $"Elite in slot {elite.Slot} should have failed.");
    }

    [Fact]
    public async Task Failed_candidates_are_reported_and_kept_out_while_the_rest_of_the_batch_is_added()
    {
        var runner = Build(5, new FaultyEvaluator());
        var observer = new RecordingObserver();
        runner.Observers.Add(observer);
        await runner.RunAsync(40);

        Assert.Equal(40, runner.Iteration);
        Assert.Equal(observer.Reports.Sum(r => r.Failures.Count), runner.FailedEvaluations);
        var kinds = observer.Reports.SelectMany(r => r.Failures).Select(f => f.Kind).ToHashSet();
        Assert.Equal([CandidateFailureKind.Exception, CandidateFailureKind.NonFiniteObjective, CandidateFailureKind.NonFiniteMeasure], kinds.Order());
        // Some iterations lost a few candidates and still added others.
        Assert.Contains(observer.Reports, r => !r.BatchFailed && r.Failures.Count > 0 && r.NewCells + r.Improvements > 0);
        var thrown = observer.Reports.SelectMany(r => r.Failures).First(f => f.Kind == CandidateFailureKind.Exception && f.Message.Contains("unstable"));
        Assert.IsType<InvalidOperationException>(thrown.Exception);
        AssertNoEliteWouldHaveFailed(runner.Scheduler.Archive);
    }

    [Fact]
    public async Task A_batch_that_fails_whole_is_abandoned_and_the_next_step_succeeds()
    {
        var evaluator = new FlakyEvaluator(failingCalls: 1);
        var runner = Build(2, evaluator);

        var first = await runner.StepAsync(2);
        Assert.True(first.BatchFailed);
        Assert.Equal(10 + 16, first.Failures.Count); // the Gaussian emitter's initial solutions and an iso-line batch
        Assert.All(first.Failures, f => Assert.Equal("The evaluation of the whole batch failed: IOException: the network is down", f.Message));
        Assert.False(runner.Scheduler.IsAskPending);
        Assert.True(runner.Scheduler.Archive.IsEmpty);
        Assert.Equal(0, first.NewCells);

        var second = await runner.StepAsync(2);
        Assert.False(second.BatchFailed);
        Assert.Empty(second.Failures);
        Assert.Equal(2, runner.Iteration);
        Assert.Equal(26, second.NewCells); // every candidate of the first batch met an empty cell (seeded)
        Assert.Equal(15, runner.Scheduler.Archive.Count);
        Assert.Equal(first.Failures.Count, runner.FailedEvaluations);
    }

    [Fact]
    public async Task Fail_fast_throws_the_evaluator_exception_and_the_runner_can_step_again()
    {
        var evaluator = new FlakyEvaluator(failingCalls: 1);
        var runner = Build(2, evaluator, new SearchRunnerOptions { FailurePolicy = EvaluationFailurePolicy.FailFast });

        var error = await Assert.ThrowsAsync<IOException>(async () => await runner.StepAsync(2));
        Assert.Equal("the network is down", error.Message);
        Assert.False(runner.Scheduler.IsAskPending);
        Assert.Equal(0, runner.Iteration);

        var report = await runner.StepAsync(2);
        Assert.Equal(1, runner.Iteration);
        Assert.True(report.NewCells > 0);
    }

    [Fact]
    public async Task Fail_fast_rejects_a_nan_objective_naming_candidate_and_field_and_leaves_the_archive_unchanged()
    {
        var runner = Build(3, new SphereEvaluator(4), new SearchRunnerOptions { FailurePolicy = EvaluationFailurePolicy.FailFast });
        await runner.StepAsync(3);
        string before = Batches.Snapshot(runner.Scheduler.Archive);
        var nan = new NanAt(runner.Evaluator, index: 5);
        var failing = new SearchRunner<double>(runner.Scheduler, nan, runner.Options);

        var error = await Assert.ThrowsAsync<ArchiveInputException>(async () => await failing.StepAsync(3));
        Assert.Equal(5, error.CandidateIndex);
        Assert.Equal("objectives", error.Field);
        Assert.Equal(before, Batches.Snapshot(runner.Scheduler.Archive));
        Assert.False(runner.Scheduler.IsAskPending);
        await runner.StepAsync(3);
        Assert.Equal(2, runner.Iteration);
    }

    [Fact]
    public async Task Skipping_a_nan_objective_and_an_infinite_measure_adds_the_rest_of_the_batch()
    {
        var runner = Build(3, new SphereEvaluator(4));
        await runner.StepAsync(3);
        var evaluator = new NanAt(runner.Evaluator, index: 5, infiniteMeasureAt: 9);
        var skipping = new SearchRunner<double>(runner.Scheduler, evaluator);

        var report = await skipping.StepAsync(3);
        Assert.Equal([5, 9], report.Failures.Select(f => f.Index));
        Assert.Equal(CandidateFailureKind.NonFiniteObjective, report.Failures[0].Kind);
        Assert.Equal(CandidateFailureKind.NonFiniteMeasure, report.Failures[1].Kind);
        Assert.Equal("measure 1 is -Infinity; measures must be finite.", report.Failures[1].Message);
        Assert.Equal(AddStatus.NotAdded, runner.Scheduler.LastStatus[5]);
        Assert.Equal(AddStatus.NotAdded, runner.Scheduler.LastStatus[9]);
        Assert.True(report.NewCells + report.Improvements > 0);
        Assert.Equal(2, skipping.FailedEvaluations);
    }

    [Fact]
    public async Task A_run_resumed_after_a_failed_batch_ends_like_the_uninterrupted_run_with_the_same_failures()
    {
        const int total = 50;
        var uninterrupted = Build(11, new FaultyEvaluator());
        await uninterrupted.RunAsync(total);

        string directory = Directory.CreateTempSubdirectory("qd-failed-resume-").FullName;
        try
        {
            string checkpoint = Path.Combine(directory, "checkpoint.bin");
            var interrupted = Build(11, new FaultyEvaluator());
            IterationReport? failedStep = null;
            while (interrupted.Iteration < total)
            {
                var report = await interrupted.StepAsync(total);
                if (report.BatchFailed && failedStep is null)
                {
                    failedStep = report;
                    interrupted.SaveCheckpoint(checkpoint);
                }
            }
            Assert.NotNull(failedStep);
            Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.Archive), Batches.Snapshot(interrupted.Scheduler.Archive));

            var resumed = Build(11, new FaultyEvaluator());
            resumed.LoadCheckpoint(checkpoint);
            Assert.Equal(failedStep.Value.Iteration, resumed.Iteration);
            await resumed.RunAsync(total);

            Assert.Equal(uninterrupted.Evaluations, resumed.Evaluations);
            Assert.Equal(uninterrupted.FailedEvaluations, resumed.FailedEvaluations);
            Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.Archive), Batches.Snapshot(resumed.Scheduler.Archive));
            AssertNoEliteWouldHaveFailed(resumed.Scheduler.Archive);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_broken_evaluator_stops_the_run_after_the_configured_number_of_failed_batches()
    {
        var runner = Build(1, new FlakyEvaluator(failingCalls: int.MaxValue), new SearchRunnerOptions { MaxConsecutiveFailedBatches = 3 });
        var error = await Assert.ThrowsAsync<EvaluationFailureException>(async () => await runner.RunAsync(10));
        Assert.Equal(3, runner.Iteration);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(runner.LastFailures.Count, error.Failures.Count);
        Assert.False(runner.Scheduler.IsAskPending);
    }

    [Fact]
    public async Task Initial_population_skips_failed_candidates()
    {
        var runner = Build(4, new FaultyEvaluator());
        var population = new double[4 * 40];
        new RandomSource(9).FillUniform(population, -0.6, 0.6);
        population[2] = 0.5; // row 0 throws (x2 > 0.3); the batch as a whole does not
        var batch = new SolutionBatch<double>(population, 4);

        var outcome = await runner.InitializeAsync(batch);

        var failed = Enumerable.Range(0, 40).Where(i => FaultyEvaluator.Fails(batch.Row(i))).ToArray();
        Assert.Contains(0, failed);
        Assert.Equal(failed, runner.LastFailures.Select(f => f.Index));
        foreach (int i in failed)
        {
            Assert.Equal(AddStatus.NotAdded, outcome.Status[i]);
            Assert.True(double.IsNaN(outcome.Value[i]));
        }
        Assert.Equal(40 - failed.Length, outcome.NewCount);
        AssertNoEliteWouldHaveFailed(runner.Scheduler.Archive);
    }

    /// <summary>Throws for the whole batch on its first <c>failingCalls</c> calls, then evaluates the sphere.</summary>
    private sealed class FlakyEvaluator(int failingCalls) : IEvaluator<double>
    {
        private readonly SphereEvaluator _sphere = new(4);
        private int _calls;

        public int MeasureDim => 2;

        public int FeatureDim => 4;

        public ValueTask EvaluateAsync(SolutionBatch<double> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
        {
            if (_calls++ < failingCalls) throw new IOException("the network is down");
            return _sphere.EvaluateAsync(solutions, results, cancellationToken);
        }
    }

    /// <summary>Evaluates with an inner evaluator, then spoils the objective of one candidate and a measure of another.</summary>
    private sealed class NanAt(IEvaluator<double> inner, int index, int infiniteMeasureAt = -1) : IEvaluator<double>
    {
        public int MeasureDim => inner.MeasureDim;

        public int FeatureDim => inner.FeatureDim;

        public async ValueTask EvaluateAsync(SolutionBatch<double> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
        {
            await inner.EvaluateAsync(solutions, results, cancellationToken);
            results.Objectives[index] = double.NaN;
            if (infiniteMeasureAt >= 0) results.MeasuresOf(infiniteMeasureAt)[1] = double.NegativeInfinity;
        }
    }

    private sealed class RecordingObserver : ISearchObserver
    {
        public List<IterationReport> Reports { get; } = [];
        public void OnIteration(in IterationReport report) => Reports.Add(report);
    }
}

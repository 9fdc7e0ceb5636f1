using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Search;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Tests.Search;

public class LearnedMeasureSearchTests
{
    /// <summary>
    /// A learner whose model is the end-effector map scaled by a factor that grows with each fit,
    /// so every update really changes the measure space and its bounds.
    /// </summary>
    private sealed class ScaledEndEffectorLearner : IFeatureMeasureLearner
    {
        public int Fits { get; private set; }
        public List<int> RowsSeen { get; } = [];

        public MeasureFit Fit(ReadOnlySpan<double> features, int featureDim, RandomSource random, CancellationToken cancellationToken = default)
        {
            RowsSeen.Add(features.Length / featureDim);
            Fits++;
            return new MeasureFit(new ScaledModel(featureDim, Fits), 0, null, null);
        }
    }

    private sealed class ScaledModel(int featureDim, double scale) : IMeasureModel
    {
        public int FeatureDim => featureDim;
        public int MeasureDim => 2;
        public void Project(ReadOnlySpan<double> features, Span<double> measures)
        {
            ArmSearchFixture.EndEffector(features, measures);
            for (int i = 0; i < measures.Length; i++) measures[i] *= scale;
        }
    }

    [Fact]
    public async Task Ground_truth_search_keeps_the_task_bounds_and_scores_every_twenty_iterations()
    {
        var settings = ArmSearchFixture.Settings(new GroundTruthMeasureSpace<double>(2), MeasureUpdateSchedule.Once, iterations: 100);
        var scorer = ArmSearchFixture.Scorer(20, 100);
        var search = new LearnedMeasureSearch<double>(settings);
        search.Observers.Add(scorer);

        await search.RunAsync();

        Assert.Equal(100, search.Iteration);
        Assert.Equal(100 + 100 * 100, search.Evaluations);
        Assert.Equal([20, 40, 60, 80, 100], scorer.Scores.Select(s => s.Iteration));
        var update = Assert.Single(scorer.Updates);
        Assert.False(update.Learned);
        Assert.Equal(ArmSearchFixture.Task.MeasureRanges, update.Bounds);
        // With ground-truth measures the re-scored archive is the search archive itself.
        var last = scorer.Scores[^1];
        Assert.Equal(search.Archive!.Statistics.NormalizedQdScore, last.ArchiveQdScore, 9);
        Assert.Equal(100 * search.Archive.Statistics.Coverage, last.ArchiveCoverage, 9);
        // All solutions include every archive elite, so they cover at least as much.
        Assert.True(last.AllCoverage >= last.ArchiveCoverage);
        Assert.True(scorer.Scores[0].ArchiveCoverage < last.ArchiveCoverage);
    }

    [Fact]
    public async Task Each_scheduled_update_refits_on_the_elites_and_rebuilds_the_archive_around_them()
    {
        var learner = new ScaledEndEffectorLearner();
        var space = new FeatureMeasureSpace<double>("scaled", learner, 2);
        var settings = ArmSearchFixture.Settings(space, new MeasureUpdateSchedule([1, 11, 31]), iterations: 40);
        var scorer = ArmSearchFixture.Scorer(10, 40);
        var search = new LearnedMeasureSearch<double>(settings);
        search.Observers.Add(scorer);

        QualityDiversity.Archives.CandidateBatch<double> elitesBefore = default;
        for (int i = 0; i < 40; i++)
        {
            if (i == 30) elitesBefore = QualityDiversity.Archives.Rebuild.MeasureSpaceRebuilder.EliteBatch(search.Archive!);
            if (i == 31) break;
            await search.StepAsync();
        }

        Assert.Equal(3, learner.Fits);
        Assert.Equal([1, 11, 31], scorer.Updates.Select(u => u.Iteration));
        Assert.Equal(100, learner.RowsSeen[0]); // the initial population
        Assert.Equal(elitesBefore.Count, learner.RowsSeen[2]); // the elites at iteration 31
        var third = scorer.Updates[2];
        Assert.Equal(elitesBefore.Count, third.Offered);
        // Elites sharing a cell of the new space merge; every other one survives the move.
        var grid = (QualityDiversity.Archives.GridArchive<double>)search.Archive!;
        var newMeasures = new double[2 * elitesBefore.Count];
        new ScaledModel(ArmSearchFixture.Task.FeatureDim, 3).Project(elitesBefore.Features.Span, newMeasures);
        var cells = Enumerable.Range(0, elitesBefore.Count).Select(i => grid.CellOf(newMeasures.AsSpan(2 * i, 2))).Distinct().Count();
        Assert.Equal(cells, third.Elites);
        Assert.Equal(newMeasures.Where((_, i) => i % 2 == 0).Min(), third.Bounds[0].Lower, 12);
        Assert.Equal(newMeasures.Where((_, i) => i % 2 == 1).Max(), third.Bounds[1].Upper, 12);
        for (int i = 31; i < 40; i++) await search.StepAsync();

        // Every elite of the current archive is measured by the third model (scale 3).
        var store = search.Archive!.Store;
        Span<double> expected = stackalloc double[2];
        foreach (int slot in store.OccupiedSlots)
        {
            ArmSearchFixture.EndEffector(store.Features(slot), expected);
            Assert.Equal(3 * expected[0], store.Measures(slot)[0], 12);
            Assert.Equal(3 * expected[1], store.Measures(slot)[1], 12);
        }
    }

    // The arm, except that candidates whose first joint turns far throw, and those whose second does give NaN.
    private sealed class FlakyArm : QualityDiversity.Domains.BenchmarkTask
    {
        private static readonly QualityDiversity.Domains.RoboticArmTask Arm = ArmSearchFixture.Task;

        public override string Id => "flaky-arm";
        public override string Name => "flaky arm";
        public override int SolutionDim => Arm.SolutionDim;
        public override int MeasureDim => 2;
        public override int FeatureDim => Arm.FeatureDim;
        public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => Arm.MeasureRanges;
        public override (double Lower, double Upper) InitialRange => Arm.InitialRange;

        protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
        {
            if (solution[0] > 2.5) throw new InvalidOperationException("the simulator crashed");
            double objective = Arm.EvaluateOne(solution, measures, features);
            return solution[1] > 2.5 ? double.NaN : objective;
        }
    }

    [Fact]
    public async Task Failed_candidates_stay_out_of_the_archive_the_learning_and_the_scoring()
    {
        var learner = new ScaledEndEffectorLearner();
        var settings = ArmSearchFixture.Settings(new FeatureMeasureSpace<double>("scaled", learner, 2), new MeasureUpdateSchedule([1, 11]), iterations: 20)
            with { Evaluator = new FlakyArm() };
        var scorer = ArmSearchFixture.Scorer(10, 20);
        var search = new LearnedMeasureSearch<double>(settings);
        search.Observers.Add(scorer);

        await search.RunAsync();

        Assert.Equal(20, search.Iteration);
        Assert.True(search.FailedEvaluations > 0, "no candidate failed: the test does not exercise failures");
        // The initial population is fitted without its failed candidates.
        Assert.Equal(100 - CountFailedInitial(), learner.RowsSeen[0]);
        var store = search.Archive!.Store;
        foreach (int slot in store.OccupiedSlots)
        {
            Assert.True(store.Solution(slot)[0] <= 2.5 && store.Solution(slot)[1] <= 2.5, "a failed candidate reached the archive");
            Assert.True(double.IsFinite(store.Objective(slot)));
        }
        Assert.All(scorer.Scores, s => Assert.True(double.IsFinite(s.AllQdScore)));
        Assert.Equal(2, scorer.Scores.Count);

        int CountFailedInitial()
        {
            var population = settings.SampleSolutions(100, RandomSource.ForStream(settings.Seed, 0));
            int failed = 0;
            for (int i = 0; i < population.Count; i++)
                if (population.Row(i)[0] > 2.5 || population.Row(i)[1] > 2.5) failed++;
            return failed;
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run()
    {
        async Task<double[]> Run()
        {
            var settings = ArmSearchFixture.Settings(new FeatureMeasureSpace<double>("scaled", new ScaledEndEffectorLearner(), 2), MeasureUpdateSchedule.Progressive(50), 50, seed: 9);
            var scorer = ArmSearchFixture.Scorer(10, 50);
            var search = new LearnedMeasureSearch<double>(settings);
            search.Observers.Add(scorer);
            await search.RunAsync();
            return scorer.Scores.SelectMany(s => new[] { s.ArchiveQdScore, s.AllQdScore }).ToArray();
        }
        Assert.Equal(await Run(), await Run());
    }

    [Fact]
    public void Progressive_schedule_is_start_ten_twenty_five_and_fifty_percent()
    {
        Assert.Equal([1, 101, 251, 501], MeasureUpdateSchedule.Progressive(1000).Iterations);
        Assert.Equal(2, MeasureUpdateSchedule.Progressive(1000).UpdateAt(251));
        Assert.Equal(-1, MeasureUpdateSchedule.Progressive(1000).UpdateAt(250));
        Assert.Throws<ArgumentException>(() => new MeasureUpdateSchedule([2, 5]));
        Assert.Throws<ArgumentException>(() => new MeasureUpdateSchedule([1, 5, 5]));
    }

    [Fact]
    public void An_evaluator_without_features_is_rejected_with_a_reason()
    {
        var settings = ArmSearchFixture.Settings(new GroundTruthMeasureSpace<double>(2), MeasureUpdateSchedule.Once, 10) with
        {
            Evaluator = new QualityDiversity.Domains.LinearProjectionTask(QualityDiversity.Domains.LinearProjectionFunction.Sphere, 4),
        };
        var error = Assert.Throws<ArgumentException>(() => new LearnedMeasureSearch<double>(settings));
        Assert.Contains("features", error.Message);
    }
}

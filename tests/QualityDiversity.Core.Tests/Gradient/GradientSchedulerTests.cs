using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Optimizers.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Core.Tests.Gradient;

public class GradientSchedulerTests
{
    private const int D = 6;

    // CMA-MAEGA-like: a learning-rate archive, a result archive, two arborescence emitters (gradient
    // ascent and Adam), an OMG-MEGA operator and a plain Gaussian emitter in the same scheduler.
    private static SearchRunner<double> Build(long seed)
    {
        var archive = new GridArchive<double>(D, [20, 20], [(-3, 3), (-3, 3)], new ArchiveOptions<double> { LearningRate = 0.05, ThresholdMin = -20 });
        var result = new GridArchive<double>(D, [20, 20], [(-3, 3), (-3, 3)]);
        var emitters = new IEmitter<double>[]
        {
            new GradientArborescenceEmitter(archive, new double[D], 1.0, 1.0, Ranker.Create("imp"), RandomSource.ForStream(seed, 0),
                SelectionRule.Mu, RestartRule.Basic, GradientOptimizers.GradientAscent, batchSize: 7),
            new GradientArborescenceEmitter(archive, new double[D], 1.0, 0.05, Ranker.Create("2imp"), RandomSource.ForStream(seed, 1),
                SelectionRule.Filter, RestartRule.NoImprovement, GradientOptimizers.Adam, batchSize: 5),
            new GradientOperatorEmitter(archive, 0.1, 0.5, RandomSource.ForStream(seed, 2), measureGradients: true, normalizeGradients: true, batchSize: 4),
            new GaussianEmitter(archive, [0.2], 3, RandomSource.ForStream(seed, 3)),
        };
        var scheduler = new GradientScheduler<double>(archive, emitters, result) { ParallelEmitters = seed % 2 == 0 };
        return new SearchRunner<double>(scheduler, ShiftedSphereProblem.Create());
    }

    [Fact]
    public async Task Each_iteration_evaluates_the_gradient_points_and_then_the_branches()
    {
        var runner = Build(3);
        var report = await runner.StepAsync(1);
        // Gradient phase: 1 + 1 + 4 points; ordinary phase: 7 + 5 + 4 + 3 candidates.
        Assert.Equal(6 + 19, runner.Evaluations);
        var scheduler = (GradientScheduler<double>)runner.Scheduler;
        int newCells = 0;
        foreach (var status in scheduler.LastDqdStatus) newCells += status == AddStatus.New ? 1 : 0;
        Assert.True(newCells > 0); // the first points land in an empty archive
        foreach (var status in scheduler.LastStatus) newCells += status == AddStatus.New ? 1 : 0;
        Assert.Equal(newCells, report.NewCells);
        await runner.RunAsync(10);
        Assert.Equal(10 * 25, runner.Evaluations);
    }

    [Fact]
    public async Task Resumed_run_ends_with_exactly_the_archives_of_an_uninterrupted_run()
    {
        foreach (long seed in new long[] { 17, 18 }) // sequential and parallel emitters
        {
            var uninterrupted = Build(seed);
            await uninterrupted.RunAsync(80);
            string directory = Directory.CreateTempSubdirectory("qd-dqd-resume-").FullName;
            try
            {
                string checkpoint = Path.Combine(directory, "checkpoint.bin");
                var interrupted = Build(seed);
                await interrupted.RunAsync(33, checkpoint, checkpointEvery: 11);
                await interrupted.StepAsync(80); // lost work

                var resumed = Build(seed);
                resumed.LoadCheckpoint(checkpoint);
                await resumed.RunAsync(80);

                Assert.Equal(uninterrupted.Evaluations, resumed.Evaluations);
                Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.Archive), Batches.Snapshot(resumed.Scheduler.Archive));
                Assert.Equal(Batches.Snapshot(uninterrupted.Scheduler.ResultArchive!), Batches.Snapshot(resumed.Scheduler.ResultArchive!));
                var a = (GradientScheduler<double>)uninterrupted.Scheduler;
                var b = (GradientScheduler<double>)resumed.Scheduler;
                for (int e = 0; e < 2; e++)
                {
                    var x = (GradientArborescenceEmitter)a.Emitters[e];
                    var y = (GradientArborescenceEmitter)b.Emitters[e];
                    Assert.Equal(x.SolutionPoint.ToArray(), y.SolutionPoint.ToArray());
                    Assert.Equal(x.Restarts, y.Restarts);
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Gradient_search_climbs_the_objective()
    {
        var runner = Build(5);
        double before = double.NegativeInfinity;
        await runner.RunAsync(1);
        before = runner.Scheduler.ReportedArchive.Statistics.MaxObjective;
        await runner.RunAsync(60);
        var stats = runner.Scheduler.ReportedArchive.Statistics;
        Assert.True(stats.MaxObjective > before, $"best objective {stats.MaxObjective} after 60 iterations, {before} after 1");
        Assert.True(stats.MaxObjective > -0.05, $"best objective {stats.MaxObjective}; the optimum 0 is a few gradient steps away");
    }

    [Fact]
    public async Task Calls_out_of_turn_are_refused_with_the_expected_next_call()
    {
        var runner = Build(1);
        var scheduler = (GradientScheduler<double>)runner.Scheduler;
        Assert.Contains("AskDqd comes next", Assert.Throws<InvalidOperationException>(() => scheduler.Ask()).Message);
        var points = scheduler.AskDqd();
        Assert.Throws<InvalidOperationException>(() => scheduler.WriteState(new BinaryWriter(new MemoryStream())));
        var results = new EvaluationResults(points.Count, 2);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => scheduler.TellDqd(results, new GradientResults(points.Count, 2, D - 1))).ParamName);
        var gradients = new GradientResults(points.Count, 2, D);
        await ShiftedSphereProblem.Create().EvaluateWithGradientsAsync(points, results, gradients);
        scheduler.TellDqd(results, gradients);
        Assert.Equal(points.Count, scheduler.LastDqdStatus.Length);
        Assert.Contains("Ask comes next", Assert.Throws<InvalidOperationException>(() => scheduler.AskDqd()).Message);
        scheduler.Ask();
    }

    [Fact]
    public void Runner_refuses_an_evaluator_without_gradients()
    {
        var archive = new GridArchive<double>(D, [4, 4], [(-1, 1), (-1, 1)]);
        var emitter = new GradientOperatorEmitter(archive, 0.1, 0.5, new RandomSource(1));
        var scheduler = new GradientScheduler<double>(archive, [emitter]);
        var error = Assert.Throws<ArgumentException>(() => new SearchRunner<double>(scheduler, new SphereEvaluator(D)));
        Assert.Equal("evaluator", error.ParamName);
        Assert.Contains("IGradientEvaluator", error.Message);
    }

    [Fact]
    public void Scheduler_without_gradient_emitters_is_refused()
    {
        var archive = new GridArchive<double>(D, [4, 4], [(-1, 1), (-1, 1)]);
        Assert.Throws<ArgumentException>(() => new GradientScheduler<double>(archive, [new GaussianEmitter(archive, [0.1], 4, new RandomSource(1))]));
    }
}

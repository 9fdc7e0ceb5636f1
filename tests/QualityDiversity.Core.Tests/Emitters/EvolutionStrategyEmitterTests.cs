using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Evaluation;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Emitters;

public class EvolutionStrategyEmitterTests
{
    private const AddStatus N = AddStatus.New;
    private const AddStatus X = AddStatus.NotAdded;

    private static GridArchive<double> Archive(int dimension, ArchiveOptions<double>? options = null) =>
        new(dimension, [20, 20], [(-1, 1), (-1, 1)], options);

    private static EvolutionStrategyEmitter Emitter(IArchive<double> archive, string ranker = "2imp", long seed = 1,
        SelectionRule selection = SelectionRule.Filter, RestartRule? restart = null, int? batchSize = null,
        SolutionBounds? bounds = null, EvolutionStrategyFactory? strategy = null, double sigma0 = 0.3) =>
        new(archive, new double[archive.SolutionWidth], sigma0, Ranker.Create(ranker), new RandomSource(seed),
            selection, restart, batchSize, bounds, strategy);

    /// <summary>
    /// Hand-made feedback on the last asked batch: status per candidate; improvement values and
    /// objectives descend with the index (a non-flat ranking) unless given.
    /// </summary>
    private static EmitterFeedback<double> Feedback(SolutionBatch<double> batch, AddStatus[] status, double[]? values = null, double[]? objectives = null)
    {
        int n = batch.Count;
        values ??= Enumerable.Range(0, n).Select(i => (double)(n - i)).ToArray();
        objectives ??= values;
        var candidates = new CandidateBatch<double>(new SolutionBatch<double>(batch.Data.ToArray(), batch.Width), objectives, new double[2 * n]);
        return new EmitterFeedback<double>(candidates, status, values);
    }

    private static AddStatus[] Statuses(int n, int added) => Enumerable.Range(0, n).Select(i => i < added ? N : X).ToArray();

    /// <summary>Asks, lets the archive judge the batch on the sphere task, tells the emitter and returns the batch asked.</summary>
    private static async Task<double[]> Step(EvolutionStrategyEmitter emitter)
    {
        var batch = emitter.Ask();
        var asked = batch.Data.ToArray();
        var results = new EvaluationResults(batch.Count, 2, emitter.SolutionWidth);
        await new SphereEvaluator(emitter.SolutionWidth).EvaluateAsync(batch, results);
        var candidates = new CandidateBatch<double>(batch, results);
        var outcome = emitter.Archive.Add(candidates);
        emitter.Tell(new EmitterFeedback<double>(candidates, outcome.Status, outcome.Value));
        return asked;
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(10, 10)]
    [InlineData(100, 17)]
    public void Default_batch_size_is_cma_es_default(int dimension, int lambda)
    {
        Assert.Equal(lambda, EvolutionStrategyEmitter.DefaultBatchSize(dimension));
        var emitter = Emitter(new GridArchive<double>(dimension, [4, 4], [(-1, 1), (-1, 1)]));
        Assert.Equal(lambda, emitter.BatchSize);
        Assert.Equal(lambda, emitter.Ask().Count);
        Assert.IsType<CmaEvolutionStrategy>(emitter.Strategy);
        Assert.Equal(SelectionRule.Filter, emitter.SelectionRule);
        Assert.Equal(RestartRule.NoImprovement, emitter.RestartRule);
    }

    [Fact]
    public void No_improvement_restarts_exactly_after_a_batch_with_no_addition()
    {
        var emitter = Emitter(Archive(5));
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 1)));
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 3)));
        Assert.Equal(0, emitter.Restarts);
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 0)));
        Assert.Equal(1, emitter.Restarts);
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 2)));
        Assert.Equal(1, emitter.Restarts);
        Assert.Equal(4, emitter.Iterations);
    }

    [Fact]
    public void Every_n_restarts_on_every_nth_tell_whatever_the_additions()
    {
        var emitter = Emitter(Archive(5), restart: RestartRule.Every(3));
        var restarts = new List<int>();
        for (int i = 0; i < 9; i++)
        {
            emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, i % 2)));
            restarts.Add(emitter.Restarts);
        }
        Assert.Equal([0, 0, 1, 1, 1, 2, 2, 2, 3], restarts);
    }

    [Fact]
    public void Basic_restarts_only_when_the_strategy_stops()
    {
        var emitter = Emitter(Archive(5), ranker: "obj", restart: RestartRule.Basic);
        int lambda = emitter.BatchSize;
        for (int i = 0; i < 3; i++) emitter.Tell(Feedback(emitter.Ask(), Statuses(lambda, 0)));
        Assert.Equal(0, emitter.Restarts);
        // A flat ranking (all objectives equal) is a stop condition of CMA-ES.
        emitter.Tell(Feedback(emitter.Ask(), Statuses(lambda, 0), objectives: Enumerable.Repeat(2.5, lambda).ToArray()));
        Assert.Equal(1, emitter.Restarts);
    }

    [Fact]
    public void Two_stage_flatness_compares_status_and_value_like_pyribs()
    {
        var emitter = Emitter(Archive(5), ranker: "2imp", restart: RestartRule.Basic);
        int lambda = emitter.BatchSize;
        var flat = Enumerable.Repeat(1.0, lambda).ToArray();
        // Equal values but the best is New and the worst NotAdded: not flat.
        emitter.Tell(Feedback(emitter.Ask(), Statuses(lambda, 2), flat));
        Assert.Equal(0, emitter.Restarts);
        // Equal values and equal statuses: flat.
        emitter.Tell(Feedback(emitter.Ask(), Statuses(lambda, lambda), flat));
        Assert.Equal(1, emitter.Restarts);
    }

    [Fact]
    public void Filter_takes_the_added_candidates_as_parents_and_mu_half_the_batch()
    {
        var filter = Emitter(Archive(5), restart: RestartRule.Basic);
        var mu = Emitter(Archive(5), selection: SelectionRule.Mu, restart: RestartRule.Basic);
        Assert.Equal(8, filter.BatchSize);
        filter.Tell(Feedback(filter.Ask(), Statuses(8, 3)));
        Assert.Equal(3, filter.LastParentCount);
        mu.Tell(Feedback(mu.Ask(), Statuses(8, 3)));
        Assert.Equal(4, mu.LastParentCount);

        // Filter with no addition: the distribution is left as it was, but time counts.
        var meanBefore = filter.Strategy.Mean.ToArray();
        double sigmaBefore = filter.Strategy.StepSize;
        filter.Tell(Feedback(filter.Ask(), Statuses(8, 0)));
        Assert.Equal(0, filter.LastParentCount);
        Assert.Equal(meanBefore, filter.Strategy.Mean.ToArray());
        Assert.Equal(sigmaBefore, filter.Strategy.StepSize);
        Assert.Equal(16, ((CmaEvolutionStrategy)filter.Strategy).Evaluations);
        Assert.Equal(0, filter.Restarts);

        // ... and the restart rule is still checked.
        var filterNoImprovement = Emitter(Archive(5));
        filterNoImprovement.Tell(Feedback(filterNoImprovement.Ask(), Statuses(8, 0)));
        Assert.Equal(1, filterNoImprovement.Restarts);
    }

    [Fact]
    public void Restart_resets_the_strategy_at_an_archive_elite_and_redraws_the_direction()
    {
        var archive = Archive(3);
        double[][] elites = [[0.5, 0.5, 0.1], [-0.5, 0.2, 0.3], [0.9, -0.9, -0.2]];
        foreach (var elite in elites)
            archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(elite, 3), new double[] { 1 }, elite[..2]));
        var emitter = Emitter(archive, ranker: "2rd", restart: RestartRule.Every(1), sigma0: 0.25);
        var seen = new HashSet<string>();
        for (int i = 0; i < 12; i++)
        {
            var direction = ((MeasureDirectionRanker)emitter.Ranker).Direction.ToArray();
            emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 1)));
            Assert.Equal(i + 1, emitter.Restarts);
            var mean = emitter.Strategy.Mean.ToArray();
            Assert.Contains(elites, e => e.SequenceEqual(mean));
            Assert.Equal(0.25, emitter.Strategy.StepSize);
            Assert.NotEqual(direction, ((MeasureDirectionRanker)emitter.Ranker).Direction.ToArray());
            seen.Add(string.Join(",", mean));
        }
        Assert.True(seen.Count > 1); // elites are drawn at random
    }

    [Fact]
    public void Restart_with_an_empty_archive_resets_at_x0()
    {
        var archive = Archive(2);
        var x0 = new[] { 0.3, -0.4 };
        var emitter = new EvolutionStrategyEmitter(archive, x0, 0.1, Ranker.Create("2imp"), new RandomSource(1));
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 1)));
        Assert.NotEqual(x0, emitter.Strategy.Mean.ToArray());
        emitter.Tell(Feedback(emitter.Ask(), Statuses(emitter.BatchSize, 0)));
        Assert.Equal(1, emitter.Restarts);
        Assert.Equal(x0, emitter.Strategy.Mean.ToArray());
        Assert.Equal(x0, emitter.X0.ToArray());
    }

    [Fact]
    public async Task Same_seed_gives_the_same_search_and_another_seed_another()
    {
        async Task<string> Run(long seed)
        {
            var archive = Archive(4);
            var emitter = Emitter(archive, seed: seed);
            for (int i = 0; i < 15; i++) await Step(emitter);
            return Batches.Snapshot(archive) + "|" + string.Join(",", emitter.Ask().Data.ToArray());
        }
        Assert.Equal(await Run(8), await Run(8));
        Assert.NotEqual(await Run(8), await Run(9));
    }

    [Theory]
    [InlineData("2rd", EvolutionStrategyKind.CmaEs)]
    [InlineData("imp", EvolutionStrategyKind.SeparableCmaEs)]
    [InlineData("imp", EvolutionStrategyKind.LmMaEs, 4)]
    [InlineData("2imp", EvolutionStrategyKind.OpenAiEs)]
    public async Task Checkpoint_round_trip_continues_identically(string ranker, EvolutionStrategyKind kind, int batch = 0)
    {
        int? batchSize = batch > 0 ? batch : null;
        var options = new ArchiveOptions<double> { LearningRate = 0.05, ThresholdMin = -10, FeatureDim = 4 };
        var archive = Archive(4, options);
        var emitter = Emitter(archive, ranker, seed: 4, selection: SelectionRule.Mu, restart: RestartRule.Every(5), batchSize: batchSize, strategy: EvolutionStrategies.For(kind));
        for (int i = 0; i < 12; i++) await Step(emitter);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            archive.WriteState(writer);
            emitter.WriteState(writer);
        }
        int restartsAtCheckpoint = emitter.Restarts;
        var expected = new List<double[]>();
        for (int i = 0; i < 10; i++) expected.Add(await Step(emitter));

        var restoredArchive = Archive(4, options);
        var restored = Emitter(restoredArchive, ranker, seed: 99, selection: SelectionRule.Mu, restart: RestartRule.Every(5), batchSize: batchSize, strategy: EvolutionStrategies.For(kind));
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            restoredArchive.ReadState(reader);
            restored.ReadState(reader);
        }
        Assert.Equal(12, restored.Iterations);
        Assert.Equal(restartsAtCheckpoint, restored.Restarts);
        for (int i = 0; i < 10; i++) Assert.Equal(expected[i], await Step(restored));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restoredArchive));
        Assert.Equal(emitter.Restarts, restored.Restarts);
        Assert.True(emitter.Restarts >= 4);
    }

    [Fact]
    public void Checkpoint_of_another_configuration_is_rejected()
    {
        var emitter = Emitter(Archive(4), "2imp");
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) emitter.WriteState(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => Emitter(Archive(4), "imp").ReadState(reader));
    }

    [Fact]
    public async Task Bounds_are_respected()
    {
        var archive = Archive(4);
        var bounds = new SolutionBounds([-0.1, -0.2, 0, -1], [0.1, 0.2, 0.05, 1]);
        var emitter = Emitter(archive, bounds: bounds, sigma0: 1.0);
        for (int i = 0; i < 20; i++)
        {
            var batch = await Step(emitter);
            for (int k = 0; k < batch.Length; k++) Assert.InRange(batch[k], bounds.Lower[k % 4], bounds.Upper[k % 4]);
        }
    }

    /// <summary>
    /// The linear-projection task of Fontaine et al. 2020 in 10-D: objective = −‖x − 2.048·0.4‖²
    /// shifted, measures = sums of the clipped halves of x.
    /// </summary>
    private sealed class LinearProjection : ParallelEvaluator<double>
    {
        public override int MeasureDim => 2;

        public override int FeatureDim => 0;

        protected override double Evaluate(ReadOnlySpan<double> x, Span<double> measures, Span<double> features)
        {
            double sphere = 0;
            measures.Clear();
            for (int j = 0; j < x.Length; j++)
            {
                double shifted = x[j] - 5.12 * 0.4;
                sphere += shifted * shifted;
                double clipped = Math.Abs(x[j]) <= 5.12 ? x[j] : 5.12 / x[j];
                measures[j < x.Length / 2 ? 0 : 1] += clipped;
            }
            return 100 - sphere / 10;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Short_cma_me_and_cma_mae_runs_fill_the_grid(bool annealing)
    {
        const int dimension = 10;
        const double extent = dimension / 2 * 5.12;
        var options = annealing ? new ArchiveOptions<double> { LearningRate = 0.01, ThresholdMin = 0 } : null;
        var archive = new GridArchive<double>(dimension, [20, 20], [(-extent, extent), (-extent, extent)], options);
        var result = annealing ? new GridArchive<double>(dimension, [20, 20], [(-extent, extent), (-extent, extent)]) : null;
        var emitters = Enumerable.Range(0, 3).Select(i => (IEmitter<double>)new EvolutionStrategyEmitter(archive, new double[dimension], 0.5,
            Ranker.Create(annealing ? "imp" : "2imp"), RandomSource.ForStream(21, i),
            selectionRule: annealing ? SelectionRule.Mu : SelectionRule.Filter,
            restartRule: annealing ? RestartRule.Basic : RestartRule.NoImprovement)).ToArray();
        var scheduler = new Scheduler<double>(archive, emitters, result);
        var evaluator = new LinearProjection();

        var first = scheduler.Ask();
        var results = new EvaluationResults(first.Count, 2);
        await evaluator.EvaluateAsync(first, results);
        scheduler.Tell(results);
        int cellsAfterFirst = scheduler.ReportedArchive.Count;
        double qdAfterFirst = scheduler.ReportedArchive.Statistics.QdScore;

        for (int i = 0; i < 150; i++)
        {
            var batch = scheduler.Ask();
            results = new EvaluationResults(batch.Count, 2);
            await evaluator.EvaluateAsync(batch, results);
            scheduler.Tell(results);
        }
        var reported = scheduler.ReportedArchive;
        Assert.True(reported.Count >= 100, $"{reported.Count} cells after, {cellsAfterFirst} after the first batch");
        Assert.True(reported.Statistics.QdScore > 3 * qdAfterFirst);
        if (!annealing) Assert.Contains(emitters, e => ((EvolutionStrategyEmitter)e).Restarts > 0);
    }

    /// <summary>A strategy whose stop test is scripted, for restart bookkeeping only.</summary>
    private sealed class ScriptedStrategy(int dimension, int populationSize) : IEvolutionStrategy
    {
        private readonly double[] _mean = new double[dimension];

        public bool StopNext { get; set; }
        public List<double[]> Resets { get; } = [];
        public List<int> ToldParents { get; } = [];
        public int Dimension => dimension;
        public int PopulationSize => populationSize;
        public double StepSize => 1;
        public ReadOnlySpan<double> Mean => _mean;

        public void Reset(ReadOnlySpan<double> mean)
        {
            mean.CopyTo(_mean);
            Resets.Add(mean.ToArray());
        }

        public void Ask(Span<double> solutions, SolutionBounds? bounds = null) => solutions.Clear();

        public void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents) => ToldParents.Add(parents);

        public bool ShouldStop(ReadOnlySpan<double> rankingValues)
        {
            bool stop = StopNext;
            StopNext = false;
            return stop;
        }

        public void WriteState(BinaryWriter writer) { }

        public void ReadState(BinaryReader reader) { }
    }

    [Theory]
    [InlineData("no_improvement")]
    [InlineData("basic")]
    [InlineData("4")]
    public void A_stopping_strategy_restarts_the_emitter_under_every_rule(string rule)
    {
        ScriptedStrategy? strategy = null;
        var emitter = Emitter(Archive(3), restart: RestartRule.Parse(rule), batchSize: 6,
            strategy: (n, _, lambda, _) => strategy = new ScriptedStrategy(n, lambda));
        Assert.NotNull(strategy);
        Assert.Single(strategy.Resets); // at construction, at x0

        emitter.Tell(Feedback(emitter.Ask(), Statuses(6, 2)));
        Assert.Equal(0, emitter.Restarts);
        strategy.StopNext = true;
        emitter.Tell(Feedback(emitter.Ask(), Statuses(6, 2)));
        Assert.Equal(1, emitter.Restarts);
        Assert.Equal(2, strategy.Resets.Count);
        Assert.Equal([2, 2], strategy.ToldParents);
    }

    [Fact]
    public void Iteration_rule_counts_tells_since_creation_like_pyribs()
    {
        ScriptedStrategy? strategy = null;
        var emitter = Emitter(Archive(3), restart: RestartRule.Every(3), batchSize: 4,
            strategy: (n, _, lambda, _) => strategy = new ScriptedStrategy(n, lambda));
        var restarts = new List<int>();
        for (int i = 1; i <= 6; i++)
        {
            strategy!.StopNext = i == 2; // an extra restart at tell 2 does not shift the schedule
            emitter.Tell(Feedback(emitter.Ask(), Statuses(4, 1)));
            restarts.Add(emitter.Restarts);
        }
        Assert.Equal([0, 1, 2, 2, 2, 3], restarts);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var archive = Archive(3);
        Assert.Throws<ArgumentException>(() => new EvolutionStrategyEmitter(archive, new double[2], 0.1, new ImprovementRanker(), new RandomSource(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvolutionStrategyEmitter(archive, new double[3], 0, new ImprovementRanker(), new RandomSource(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvolutionStrategyEmitter(archive, new double[3], 0.1, new ImprovementRanker(), new RandomSource(1), batchSize: 0));
        Assert.Throws<ArgumentException>(() => new EvolutionStrategyEmitter(archive, new double[3], 0.1, new ImprovementRanker(), new RandomSource(1), bounds: SolutionBounds.Uniform(2, -1, 1)));
        var emitter = Emitter(archive, batchSize: 5);
        var batch = emitter.Ask();
        var shortBatch = new SolutionBatch<double>(batch.Data[..6], 3);
        Assert.Throws<ArgumentException>(() => emitter.Tell(Feedback(shortBatch, Statuses(2, 1))));
    }

    [Fact]
    public void Rules_parse_pyribs_spellings()
    {
        Assert.Equal(RestartRule.NoImprovement, RestartRule.Parse("no_improvement"));
        Assert.Equal(RestartRule.Basic, RestartRule.Parse("basic"));
        Assert.Equal(RestartRule.Every(25), RestartRule.Parse("25"));
        Assert.Equal("25", RestartRule.Every(25).ToString());
        Assert.Equal("no_improvement", default(RestartRule).ToString());
        Assert.Throws<ArgumentException>(() => RestartRule.Parse("0"));
        Assert.Throws<ArgumentException>(() => RestartRule.Parse("sometimes"));
        Assert.Equal(EvolutionStrategyKind.CmaEs, EvolutionStrategies.Parse("cma_es"));
        Assert.Equal(EvolutionStrategyKind.SeparableCmaEs, EvolutionStrategies.Parse("sep_cma_es"));
        Assert.Equal(EvolutionStrategyKind.LmMaEs, EvolutionStrategies.Parse("lm_ma_es"));
        Assert.Equal(EvolutionStrategyKind.OpenAiEs, EvolutionStrategies.Parse("OpenAIEvolutionStrategy"));
        Assert.Throws<ArgumentException>(() => EvolutionStrategies.Parse("xnes"));
    }
}

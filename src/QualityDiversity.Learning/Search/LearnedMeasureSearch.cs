using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Learning.Search;

/// <summary>
/// MAP-Elites in a measure space that is (re)learned during the run (QDHF, AURORA) or fixed to
/// the ground truth (QD-GT). At each scheduled update the learner produces a new measure
/// function; the run then moves its candidates — the initial population at the start, the
/// archive's elites later — into a new archive for that space with
/// <see cref="MeasureSpaceRebuilder"/> and gives it a fresh emitter.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class LearnedMeasureSearch<T>
{
    private readonly LearnedMeasureSearchSettings<T> _settings;
    private readonly RandomSource _sampling;
    private readonly RandomSource _learning;
    private EvaluationResults? _results;
    private double[] _measures = [];
    private FeatureMeasureMap? _map;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">The settings are inconsistent (the evaluator keeps no features, sizes are not positive).</exception>
    public LearnedMeasureSearch(LearnedMeasureSearchSettings<T> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Evaluator.FeatureDim <= 0)
            throw new ArgumentException("The evaluator writes no features, so no measure space can be learned from its candidates.", nameof(settings));
        if (settings.InitialPopulation < 1)
            throw new ArgumentException($"The initial population must hold at least one candidate, got {settings.InitialPopulation}.", nameof(settings));
        if (settings.Iterations < 1)
            throw new ArgumentException($"Iterations must be at least 1, got {settings.Iterations}.", nameof(settings));
        if (settings.GroundTruthBounds.Count != settings.Evaluator.MeasureDim)
            throw new ArgumentException($"Ground-truth bounds give {settings.GroundTruthBounds.Count} ranges for {settings.Evaluator.MeasureDim} measures.", nameof(settings));
        _settings = settings;
        _sampling = RandomSource.ForStream(settings.Seed, 0);
        _learning = RandomSource.ForStream(settings.Seed, 1);
    }

    /// <summary>Observers notified of updates, evaluated batches and iterations.</summary>
    public List<ILearnedMeasureObserver<T>> Observers { get; } = [];

    /// <summary>The current search archive (null before the first update).</summary>
    public IArchive<T>? Archive { get; private set; }

    /// <summary>The current scheduler (null before the first update).</summary>
    public Scheduler<T>? Scheduler { get; private set; }

    /// <summary>Completed iterations.</summary>
    public int Iteration { get; private set; }

    /// <summary>Candidates evaluated by the search (initial population included; judgments' fresh candidates and scoring excluded).</summary>
    public long Evaluations { get; private set; }

    /// <summary>Runs every iteration of the settings.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (Iteration < _settings.Iterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await StepAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one iteration, preceded by a measure-space update when one is scheduled.</summary>
    public async ValueTask StepAsync(CancellationToken cancellationToken = default)
    {
        int iteration = Iteration + 1;
        int update = _settings.Schedule.UpdateAt(iteration);
        if (Scheduler is null && update != 0)
            throw new InvalidOperationException("The measure update schedule must start at iteration 1.");
        if (update >= 0) await UpdateMeasureSpaceAsync(iteration, update, cancellationToken).ConfigureAwait(false);

        var scheduler = Scheduler!;
        var batch = scheduler.Ask();
        var results = await EvaluateAsync(batch, cancellationToken).ConfigureAwait(false);
        Evaluations += batch.Count;
        var measures = SearchMeasures(results);
        scheduler.Tell(results.Objectives.AsMemory(0, batch.Count), measures, results.Features.AsMemory(0, batch.Count * results.FeatureDim));
        Iteration = iteration;
        var groundTruth = new CandidateBatch<T>(batch, results);
        foreach (var observer in Observers) observer.OnEvaluated(iteration, groundTruth);
        foreach (var observer in Observers) await observer.OnIterationEndAsync(iteration, scheduler.Archive, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask UpdateMeasureSpaceAsync(int iteration, int updateIndex, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        CandidateBatch<T> candidates;
        if (Archive is null)
        {
            var population = _settings.SampleSolutions(_settings.InitialPopulation, _sampling);
            var evaluated = new EvaluationResults(population.Count, _settings.Evaluator.MeasureDim, _settings.Evaluator.FeatureDim);
            await _settings.Evaluator.EvaluateAsync(population, evaluated, cancellationToken).ConfigureAwait(false);
            Evaluations += population.Count;
            candidates = new CandidateBatch<T>(population, evaluated);
            foreach (var observer in Observers) observer.OnEvaluated(0, candidates);
        }
        else
        {
            candidates = MeasureSpaceRebuilder.EliteBatch(Archive);
        }

        var space = _settings.MeasureSpace;
        var context = new MeasureUpdateContext<T>(iteration, updateIndex, candidates, _settings.Evaluator.FeatureDim, _learning, SampleFreshAsync, _settings.ToItem);
        var update = await space.UpdateAsync(context, cancellationToken).ConfigureAwait(false);

        IArchive<T> archive;
        IReadOnlyList<(double Lower, double Upper)> bounds;
        if (update.Map is null)
        {
            // Ground truth: the candidates already carry the evaluator's measures.
            bounds = _settings.GroundTruthBounds;
            archive = _settings.CreateArchive(bounds);
            if (Archive is null) archive.Add(candidates);
            else archive.Add(MeasureSpaceRebuilder.EliteBatch(Archive));
        }
        else
        {
            var rebuild = MeasureSpaceRebuilder.Rebuild(candidates, _settings.Evaluator.FeatureDim, space.MeasureDim, update.Map, _settings.CreateArchive, _settings.BoundsRule);
            archive = rebuild.Archive;
            bounds = rebuild.Bounds;
        }
        _map = update.Map;
        Archive = archive;
        Scheduler = new Scheduler<T>(archive, [_settings.CreateEmitter(archive, RandomSource.ForStream(_settings.Seed, 2 + updateIndex))]);

        var report = new MeasureUpdateReport(iteration, updateIndex, space.Name, update.Fit, update.NewJudgments, update.TotalJudgments,
            bounds, candidates.Count, archive.Count, Stopwatch.GetElapsedTime(start));
        foreach (var observer in Observers) observer.OnMeasureUpdate(report);
    }

    private async ValueTask<CandidateBatch<T>> SampleFreshAsync(int count, CancellationToken cancellationToken)
    {
        var solutions = _settings.SampleSolutions(count, _sampling);
        var results = new EvaluationResults(solutions.Count, _settings.Evaluator.MeasureDim, _settings.Evaluator.FeatureDim);
        await _settings.Evaluator.EvaluateAsync(solutions, results, cancellationToken).ConfigureAwait(false);
        return new CandidateBatch<T>(solutions, results);
    }

    private async ValueTask<EvaluationResults> EvaluateAsync(SolutionBatch<T> batch, CancellationToken cancellationToken)
    {
        var evaluator = _settings.Evaluator;
        if (_results is null || _results.Count != batch.Count)
            _results = new EvaluationResults(batch.Count, evaluator.MeasureDim, evaluator.FeatureDim);
        await evaluator.EvaluateAsync(batch, _results, cancellationToken).ConfigureAwait(false);
        return _results;
    }

    // The measures the search archive sees: the learned map of the features, or the ground truth.
    private ReadOnlyMemory<double> SearchMeasures(EvaluationResults results)
    {
        if (_map is null) return results.Measures.AsMemory(0, results.Count * results.MeasureDim);
        int length = results.Count * _settings.MeasureSpace.MeasureDim;
        if (_measures.Length != length) _measures = new double[length];
        _map(results.Features.AsSpan(0, results.Count * results.FeatureDim), _measures);
        return _measures;
    }
}

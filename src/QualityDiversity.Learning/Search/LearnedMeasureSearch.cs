using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Evaluation;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
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
    private IMeasureModel? _model;
    private IReadOnlyList<(double Lower, double Upper)>? _bounds;
    private int _updateIndex = -1;

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

    /// <summary>Evaluations of <see cref="Evaluations"/> that failed and were kept out of the archive.</summary>
    public long FailedEvaluations { get; private set; }

    /// <summary>The failures of the last batch evaluated (empty when none failed).</summary>
    public IReadOnlyList<CandidateFailure> LastFailures { get; private set; } = [];

    /// <summary>Whether every candidate of the last iteration's batch failed (nothing was told to the emitter).</summary>
    public bool LastBatchFailed { get; private set; }

    /// <summary>Measure updates done so far.</summary>
    public int MeasureUpdatesDone => _updateIndex + 1;

    /// <summary>Measure updates the search schedules in all.</summary>
    public int MeasureUpdatesScheduled => _settings.Schedule.Count;

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
        EvaluationResults results;
        try
        {
            results = await EvaluateAsync(batch, cancellationToken).ConfigureAwait(false);
            var measures = SearchMeasures(results);
            Evaluations += batch.Count;
            FailedEvaluations += results.FailedCount;
            LastFailures = results.Failures;
            // A batch that fails whole leaves the scheduler ready for the next ask.
            LastBatchFailed = batch.Count > 0 && results.FailedCount == batch.Count;
            if (LastBatchFailed) scheduler.Abandon();
            else scheduler.Tell(results.Objectives.AsMemory(0, batch.Count), measures, results.Features.AsMemory(0, batch.Count * results.FeatureDim), results.FailedMask());
        }
        catch
        {
            if (scheduler.IsAskPending) scheduler.Abandon();
            throw;
        }
        Iteration = iteration;
        var groundTruth = PolicyEvaluation.Succeeded(batch, results);
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
            await PolicyEvaluation.EvaluateAsync(_settings.Evaluator, population, evaluated, _settings.FailurePolicy, cancellationToken).ConfigureAwait(false);
            Evaluations += population.Count;
            FailedEvaluations += evaluated.FailedCount;
            LastFailures = evaluated.Failures;
            if (evaluated.FailedCount == population.Count)
                throw new EvaluationFailureException(
                    $"Every candidate of the initial population failed, so no measure space can be fitted; the first failure: {evaluated.Failures[0]}", evaluated.Failures);
            candidates = PolicyEvaluation.Succeeded(population, evaluated);
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
            // Ground truth: the candidates (initial population or elites) already carry the
            // evaluator's measures.
            bounds = _settings.GroundTruthBounds;
            archive = _settings.CreateArchive(bounds);
            archive.Add(candidates);
        }
        else
        {
            var rebuild = MeasureSpaceRebuilder.Rebuild(candidates, _settings.Evaluator.FeatureDim, space.MeasureDim, update.Map, _settings.CreateArchive, _settings.BoundsRule);
            archive = rebuild.Archive;
            bounds = rebuild.Bounds;
        }
        _map = update.Map;
        _model = update.Fit?.Model;
        _bounds = bounds;
        _updateIndex = updateIndex;
        Archive = archive;
        Scheduler = CreateScheduler(archive, updateIndex);

        var fit = update.Fit;
        var report = new MeasureUpdateReport(iteration, updateIndex, space.Name, fit is not null, fit?.Epochs ?? 0, fit?.ValidationAccuracy, fit?.ValidationLoss,
            update.NewJudgments, update.TotalJudgments,
            bounds, candidates.Count, archive.Count, Stopwatch.GetElapsedTime(start));
        foreach (var observer in Observers) observer.OnMeasureUpdate(report);
    }

    private Scheduler<T> CreateScheduler(IArchive<T> archive, int updateIndex) =>
        new(archive, [_settings.CreateEmitter(archive, RandomSource.ForStream(_settings.Seed, 2 + updateIndex))]);

    /// <summary>
    /// Writes the complete state atomically to <paramref name="path"/>: iteration, generators,
    /// the search archive with its bounds, the emitter, the current measure model, the measure
    /// learner's state (its judgments) and that of every checkpointable observer, in order.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="extra">Further sections the caller keeps in the same file (e.g. what the run was configured with).</param>
    /// <exception cref="NotSupportedException">The current measure model cannot be saved.</exception>
    public void SaveCheckpoint(string path, params IReadOnlyList<CheckpointSection> extra)
    {
        if (_map is not null && (_model is null || !MeasureModelSerializer.CanWrite(_model)))
            throw new NotSupportedException("The current measure model cannot be saved, so this run cannot be checkpointed.");
        CheckpointFile.Write(path, [new CheckpointSection(CheckpointSectionName, WriteState), .. extra]);
    }

    private void WriteState(BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Iteration);
        writer.Write(Evaluations);
        writer.Write(FailedEvaluations);
        _sampling.WriteState(writer);
        _learning.WriteState(writer);
        writer.Write(_updateIndex);
        if (_updateIndex >= 0)
        {
            BoundsState.Write(writer, _bounds!);
            Archive!.WriteState(writer);
            Scheduler!.WriteState(writer);
            writer.Write(_map is not null);
            if (_map is not null) MeasureModelSerializer.Write(writer, _model!);
        }
        if (_settings.MeasureSpace is ICheckpointable space) space.WriteState(writer);
        foreach (var observer in Observers.OfType<ICheckpointable>()) observer.WriteState(writer);
    }

    /// <summary>Restores the state written by <see cref="SaveCheckpoint"/> into a search built with the same settings and observers.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of a search configured like this one.</exception>
    public void LoadCheckpoint(string path)
    {
        using var contents = CheckpointFile.Open(path);
        LoadCheckpoint(contents);
    }

    /// <summary>Restores the search from its section of an open checkpoint (verified, or of the earlier unframed layout).</summary>
    /// <exception cref="InvalidDataException">The section is missing, or is not the state of a search configured like this one.</exception>
    public void LoadCheckpoint(CheckpointContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        string path = Path.GetFileName(contents.Path);
        contents.Read(CheckpointSectionName, reader =>
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not a learned-measure search checkpoint.");
            int version = reader.ReadInt32();
            if (version is < 1 or > FormatVersion) throw new InvalidDataException($"{path} has checkpoint format {version}; this build reads formats 1 to {FormatVersion}.");
            int iteration = reader.ReadInt32();
            long evaluations = reader.ReadInt64();
            // Format 1 predates the failure policy: nothing had failed.
            long failed = version >= 2 ? reader.ReadInt64() : 0;
            _sampling.ReadState(reader);
            _learning.ReadState(reader);
            if (iteration < 0 || evaluations < 0 || failed < 0 || failed > evaluations)
                throw new InvalidDataException($"{path} holds impossible counters (iteration {iteration}, evaluations {evaluations}, failed {failed}).");
            int updateIndex = reader.ReadInt32();
            if (updateIndex < -1 || updateIndex >= _settings.Schedule.Count)
                throw new InvalidDataException($"{path} was written after measure update {updateIndex + 1}, but this search schedules only {_settings.Schedule.Count}.");
            if (updateIndex >= 0)
            {
                var bounds = BoundsState.Read(reader, dims =>
                {
                    if (dims != _settings.MeasureSpace.MeasureDim && dims != _settings.Evaluator.MeasureDim)
                        throw new InvalidDataException($"{path} holds an archive of {dims} measures; this search has {_settings.MeasureSpace.MeasureDim}.");
                });
                var archive = _settings.CreateArchive(bounds);
                archive.ReadState(reader);
                var scheduler = CreateScheduler(archive, updateIndex);
                scheduler.ReadState(reader);
                IMeasureModel? model = reader.ReadBoolean() ? MeasureModelSerializer.Read(reader) : null;
                (_bounds, Archive, Scheduler, _model, _map) = (bounds, archive, scheduler, model, model is null ? null : model.Project);
            }
            _updateIndex = updateIndex;
            Iteration = iteration;
            Evaluations = evaluations;
            FailedEvaluations = failed;
            if (_settings.MeasureSpace is ICheckpointable space) space.ReadState(reader);
            foreach (var observer in Observers.OfType<ICheckpointable>()) observer.ReadState(reader);
        });
    }

    /// <summary>The name of the search's section in a checkpoint file.</summary>
    public const string CheckpointSectionName = "learned-measure-search";

    private const string Magic = "QualityDiversity.LearnedMeasureSearch";
    private const int FormatVersion = 2; // 2 added the failed-evaluation count

    private async ValueTask<CandidateBatch<T>> SampleFreshAsync(int count, CancellationToken cancellationToken)
    {
        var solutions = _settings.SampleSolutions(count, _sampling);
        var results = new EvaluationResults(solutions.Count, _settings.Evaluator.MeasureDim, _settings.Evaluator.FeatureDim);
        await PolicyEvaluation.EvaluateAsync(_settings.Evaluator, solutions, results, _settings.FailurePolicy, cancellationToken).ConfigureAwait(false);
        // Failed fresh candidates are never shown to a judge.
        return PolicyEvaluation.Succeeded(solutions, results);
    }

    private async ValueTask<EvaluationResults> EvaluateAsync(SolutionBatch<T> batch, CancellationToken cancellationToken)
    {
        var evaluator = _settings.Evaluator;
        if (_results is null || _results.Count != batch.Count)
            _results = new EvaluationResults(batch.Count, evaluator.MeasureDim, evaluator.FeatureDim);
        await PolicyEvaluation.EvaluateAsync(evaluator, batch, _results, _settings.FailurePolicy, cancellationToken).ConfigureAwait(false);
        return _results;
    }

    // The measures the search archive sees: the learned map of the features, or the ground truth.
    private ReadOnlyMemory<double> SearchMeasures(EvaluationResults results)
    {
        if (_map is null) return results.Measures.AsMemory(0, results.Count * results.MeasureDim);
        int length = results.Count * _settings.MeasureSpace.MeasureDim;
        if (_measures.Length != length) _measures = new double[length];
        _map(results.Features.AsSpan(0, results.Count * results.FeatureDim), _measures);
        // Features that the learned map turns into non-finite measures fail their candidate, as a
        // non-finite ground-truth measure would.
        if (_settings.FailurePolicy == EvaluationFailurePolicy.SkipFailed)
        {
            int dims = _settings.MeasureSpace.MeasureDim;
            for (int i = 0; i < results.Count; i++)
            {
                if (results.IsFailed(i)) continue;
                foreach (double m in _measures.AsSpan(i * dims, dims))
                {
                    if (double.IsFinite(m)) continue;
                    results.MarkFailed(i, CandidateFailureKind.NonFiniteMeasure, "a learned measure of its features is not finite");
                    break;
                }
            }
        }
        return _measures;
    }
}

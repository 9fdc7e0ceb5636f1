using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Search;

/// <summary>
/// MAP-Elites over texts (the QDAIF loop): a start batch (step 0) evaluates the seeds, or keeps
/// them as prompt examples only and generates zero-shot prompt examples
/// (<see cref="GenerativeSearchSettings.SeedsInArchive"/>,
/// <see cref="GenerativeSearchSettings.ZeroShotExamples"/>); then each step prepares a variation
/// from the archive, generates a child (usually by asking a language model), scores it and
/// offers it to the archive. Steps run in batches: random choices are made in step order,
/// generation and evaluation of a batch run concurrently (I/O is never serialised by the
/// engine), and results enter the archive in step order, so a run is reproducible from its seed.
/// Whether a step initialises (<see cref="InitialVariation"/>) is decided per step by
/// <see cref="GenerativeSearchSettings.InitRule"/>. The whole state is checkpointable; a resumed
/// run repeats only the interrupted batch, whose answers a persistent cache serves again for free.
/// </summary>
public sealed class GenerativeSearch : ICheckpointable
{
    private const int FormatVersion = 4;
    private readonly TextGenome[] _seeds;
    private readonly List<TextGenome> _promptExamples = [];
    private readonly SortedDictionary<string, long> _judgePaths = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private bool _seeded;
    private TimeSpan _elapsedBefore;

    /// <summary>Creates a search.</summary>
    /// <param name="archive">Archive of elite texts (one <see cref="TextGenome"/> per solution row).</param>
    /// <param name="initialVariation">Operator used until initialisation ends (seeded or zero-shot).</param>
    /// <param name="variation">Operator used afterwards.</param>
    /// <param name="evaluator">Scores texts.</param>
    /// <param name="seeds">Seed texts, evaluated before the first step (may be empty).</param>
    /// <param name="settings">Budget and schedule.</param>
    /// <param name="measureSpace">A measure space refitted during the run (learned measures), or null for fixed measures.</param>
    public GenerativeSearch(IArchive<TextGenome> archive, ITextVariation initialVariation, ITextVariation variation, ITextEvaluator evaluator,
        IReadOnlyList<string> seeds, GenerativeSearchSettings settings, ITextMeasureSpace? measureSpace = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(initialVariation);
        ArgumentNullException.ThrowIfNull(variation);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (archive.SolutionWidth != 1) throw new ArgumentException($"A text archive holds one text per solution row; this archive's width is {archive.SolutionWidth}.", nameof(archive));
        if (archive.MeasureDim != evaluator.MeasureDim)
            throw new ArgumentException($"The archive has {archive.MeasureDim} measures but the evaluator gives {evaluator.MeasureDim}.", nameof(evaluator));
        if (archive.FeatureDim != 0 && archive.FeatureDim != evaluator.FeatureDim)
            throw new ArgumentException($"The archive keeps {archive.FeatureDim} features but the evaluator gives {evaluator.FeatureDim}.", nameof(evaluator));
        Archive = archive;
        InitialVariation = initialVariation;
        Variation = variation;
        Evaluator = evaluator;
        Settings = settings;
        MeasureSpace = measureSpace;
        _seeds = seeds.Select((text, i) => new TextGenome(i, text, [], "seed", 0)).ToArray();
        _promptExamples.AddRange(_seeds);
        NextId = _seeds.Length;
    }

    /// <summary>The archive of elite texts (replaced at each refit of a learned measure space).</summary>
    public IArchive<TextGenome> Archive { get; private set; }

    /// <summary>The learned measure space, or null when measures are fixed.</summary>
    public ITextMeasureSpace? MeasureSpace { get; }

    /// <summary>Refits of the measure space done so far.</summary>
    public int MeasureUpdatesDone { get; private set; }

    /// <summary>Operator used during initialisation.</summary>
    public ITextVariation InitialVariation { get; }

    /// <summary>Operator used after initialisation.</summary>
    public ITextVariation Variation { get; }

    /// <summary>The evaluator.</summary>
    public ITextEvaluator Evaluator { get; }

    /// <summary>Budget and schedule.</summary>
    public GenerativeSearchSettings Settings { get; }

    /// <summary>The seed texts.</summary>
    public IReadOnlyList<TextGenome> Seeds => _seeds;

    /// <summary>The texts prompts start from: the seeds, then the zero-shot examples once the start batch has generated them.</summary>
    public IReadOnlyList<TextGenome> PromptExamples => _promptExamples;

    /// <summary>
    /// How many scores took each path, by the path's name (the values of every
    /// <c>*.mode</c> annotation: "option_logprobs", "logprobs", "verbal_number", "json"…), over
    /// every evaluated text of the run so far.
    /// </summary>
    public IReadOnlyDictionary<string, long> JudgePaths => _judgePaths;

    /// <summary>
    /// False when the search resumed from a checkpoint of an earlier release, which did not count
    /// judge paths: <see cref="JudgePaths"/> then holds only the scores since that resume.
    /// </summary>
    public bool JudgePathsCountedFromStart { get; private set; } = true;

    /// <summary>Every successfully evaluated text.</summary>
    public TextHistory History { get; } = new();

    /// <summary>Steps completed (the seed batch is step 0).</summary>
    public int Step { get; private set; }

    /// <summary>Id the next proposed text gets.</summary>
    public long NextId { get; private set; }

    /// <summary>Texts proposed so far: generated texts (zero-shot prompt examples included) and evaluated seeds.</summary>
    public long Proposed { get; private set; }

    /// <summary>Proposals that failed in generation or evaluation.</summary>
    public long Failed { get; private set; }

    /// <summary>Whether the budget is spent.</summary>
    public bool IsDone => _seeded && Step >= Settings.Steps;

    /// <summary>Wall time spent in batches, across resumes.</summary>
    public TimeSpan Elapsed => _elapsedBefore + _clock.Elapsed;

    /// <summary>Observers told about every batch.</summary>
    public List<IGenerativeSearchObserver> Observers { get; } = [];

    /// <summary>Whether the next step initialises, with the archive as it is now.</summary>
    public bool InInitialisation => Initialises(Step + 1);

    // Whether step (1-based) uses the initialisation operator, given the archive now.
    private bool Initialises(int step) => Settings.InitRule switch
    {
        InitialisationRule.StepsThenCells => step <= Settings.InitMaxSteps || Archive.Count < Math.Max(1, Settings.InitMinCells),
        _ => Archive.Count < Settings.InitMinCells && step <= Settings.InitMaxSteps,
    };

    /// <summary>
    /// Runs the next batch: the start batch (seeds, zero-shot prompt examples) if it has not run,
    /// else up to <see cref="GenerativeSearchSettings.BatchSize"/> steps.
    /// </summary>
    /// <exception cref="InvalidOperationException">The budget is spent.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the batch is discarded and the state is that before it.</exception>
    public async Task<GenerativeBatchReport> StepAsync(CancellationToken cancellationToken = default)
    {
        if (IsDone) throw new InvalidOperationException($"The search has finished its {Settings.Steps} steps.");
        _clock.Start();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var updates = await ApplyDueMeasureUpdatesAsync(cancellationToken).ConfigureAwait(false);
            List<EvaluatedText> rows = _seeded ? await RunStepsAsync(cancellationToken).ConfigureAwait(false) : await RunSeedsAsync(cancellationToken).ConfigureAwait(false);
            var report = new GenerativeBatchReport(rows.Count == 0 ? Step : rows[0].Step, Step, rows, Archive.Statistics, Stopwatch.GetElapsedTime(started)) { MeasureUpdates = updates };
            foreach (var observer in Observers) observer.OnBatch(this, report);
            return report;
        }
        finally
        {
            _clock.Stop();
        }
    }

    /// <summary>Runs batches until the budget is spent, saving a checkpoint after every batch when a path is given.</summary>
    public async Task RunAsync(string? checkpointPath = null, CancellationToken cancellationToken = default)
    {
        while (!IsDone)
        {
            await StepAsync(cancellationToken).ConfigureAwait(false);
            if (checkpointPath is not null) SaveCheckpoint(checkpointPath);
        }
    }

    // Refits the learned measure space when the next batch starts at or after an update step. An
    // update cancelled half-way leaves the state as it was; its judgments are asked again on
    // resume (a cached judge pays nothing twice).
    private async Task<IReadOnlyList<string>> ApplyDueMeasureUpdatesAsync(CancellationToken cancellationToken)
    {
        if (MeasureSpace is not { } space) return [];
        var notes = new List<string>();
        while (MeasureUpdatesDone < space.UpdateSteps.Count && Step >= space.UpdateSteps[MeasureUpdatesDone])
        {
            var context = new TextMeasureUpdateContext(Step, MeasureUpdatesDone, Archive, _seeds, History, RandomSource.ForStream(Settings.Seed, -1 - MeasureUpdatesDone));
            var update = await space.UpdateAsync(context, cancellationToken).ConfigureAwait(false);
            if (update.Archive.SolutionWidth != 1 || update.Archive.MeasureDim != Evaluator.MeasureDim)
                throw new InvalidOperationException($"The measure space returned an archive with {update.Archive.MeasureDim} measures; the evaluator gives {Evaluator.MeasureDim}.");
            Archive = update.Archive;
            MeasureUpdatesDone++;
            notes.Add(update.Description);
        }
        return notes;
    }

    private async Task<List<EvaluatedText>> RunSeedsAsync(CancellationToken cancellationToken)
    {
        var rows = new List<EvaluatedText>(_seeds.Length + Settings.ZeroShotExamples);
        if (Settings.SeedsInArchive)
        {
            var evaluations = Evaluator is IBatchTextEvaluator batchEvaluator
                ? await EvaluateBatchSafelyAsync(batchEvaluator, _seeds, cancellationToken).ConfigureAwait(false)
                : await Task.WhenAll(_seeds.Select(s => EvaluateSafelyAsync(s, cancellationToken))).ConfigureAwait(false);
            for (int i = 0; i < _seeds.Length; i++) rows.Add(Commit(_seeds[i], evaluations[i], []));
            Proposed += _seeds.Length;
        }
        else
        {
            rows.AddRange(_seeds.Select(ExampleRow));
        }
        if (Settings.ZeroShotExamples > 0) rows.AddRange(await GenerateExamplesAsync(cancellationToken).ConfigureAwait(false));
        _seeded = true;
        return rows;
    }

    // The zero-shot prompt examples: generated one after the other by the initialisation
    // operator while the pool is still empty, never evaluated (QDAIF's reference "generated"
    // initialisation). Each draws from its own random stream, apart from the steps'.
    private async Task<List<EvaluatedText>> GenerateExamplesAsync(CancellationToken cancellationToken)
    {
        var rows = new List<EvaluatedText>(Settings.ZeroShotExamples);
        var empty = Array.Empty<TextGenome>();
        var plans = new (TextVariationRequest Request, long Id)[Settings.ZeroShotExamples];
        long nextId = NextId;
        for (int i = 0; i < plans.Length; i++)
        {
            long id = nextId++;
            var context = new TextVariationContext
            {
                Archive = Archive,
                Seeds = _seeds,
                PromptExamples = empty,
                History = History,
                Random = RandomSource.ForStream(Settings.Seed, ExampleStreamBase - i),
                Step = 0,
                ChildId = id,
                CallTag = string.Create(CultureInfo.InvariantCulture, $"seed={Settings.Seed};example={i}"),
            };
            plans[i] = (InitialVariation.Prepare(context), id);
        }
        var generated = await Task.WhenAll(plans.Select(p => GenerateAsync(InitialVariation, p.Request, p.Id, 0, cancellationToken))).ConfigureAwait(false);
        for (int i = 0; i < plans.Length; i++)
        {
            var (genome, generation) = generated[i];
            if (genome is null)
            {
                Failed++;
                rows.Add(new EvaluatedText
                {
                    Id = plans[i].Id, Step = 0, Operator = InitialVariation.Name, ParentIds = plans[i].Request.ParentIds,
                    Text = null, Status = EvaluatedTextStatus.GenerationFailed, Failure = generation.Failure, Annotations = generation.Annotations,
                });
                continue;
            }
            _promptExamples.Add(genome);
            rows.Add(ExampleRow(genome) with { Annotations = generation.Annotations });
        }
        Proposed += plans.Length;
        NextId = nextId;
        return rows;
    }

    // Random streams of the zero-shot examples, far from those of steps (1, 2, …) and measure updates (-1, -2, …).
    private const int ExampleStreamBase = -1_000_000;

    private static EvaluatedText ExampleRow(TextGenome genome) => new()
    {
        Id = genome.Id, Step = 0, Operator = genome.Operator, ParentIds = genome.ParentIds, Text = genome.Text,
        Status = EvaluatedTextStatus.PromptExample,
    };

    private async Task<List<EvaluatedText>> RunStepsAsync(CancellationToken cancellationToken)
    {
        int count = Math.Min(Settings.BatchSize, Settings.Steps - Step);
        var plans = new (ITextVariation Op, TextVariationRequest? Request, string? PrepareFailure, long Id, int Step)[count];
        long nextId = NextId;
        for (int k = 0; k < count; k++)
        {
            int step = Step + k + 1;
            long id = nextId++;
            var op = Initialises(step) ? InitialVariation : Variation;
            var context = new TextVariationContext
            {
                Archive = Archive,
                Seeds = _seeds,
                PromptExamples = _promptExamples,
                History = History,
                Random = RandomSource.ForStream(Settings.Seed, step),
                Step = step,
                ChildId = id,
                CallTag = string.Create(CultureInfo.InvariantCulture, $"seed={Settings.Seed};step={step}"),
            };
            try
            {
                plans[k] = (op, op.Prepare(context), null, id, step);
            }
            catch (InvalidOperationException) when (!ReferenceEquals(op, InitialVariation))
            {
                // The main operator has nothing to draw from yet (e.g. every seed failed): fall back.
                plans[k] = (InitialVariation, InitialVariation.Prepare(context), null, id, step);
            }
        }

        (TextGenome? Genome, TextVariationOutcome Generation, TextEvaluation? Evaluation)[] outcomes;
        if (Evaluator is IBatchTextEvaluator batchEvaluator)
        {
            // Generate everything, then score the produced texts in one batched call.
            var generated = await Task.WhenAll(plans.Select(p => GenerateAsync(p.Op, p.Request!, p.Id, p.Step, cancellationToken))).ConfigureAwait(false);
            var produced = generated.Where(g => g.Genome is not null).Select(g => g.Genome!).ToArray();
            var evaluations = await EvaluateBatchSafelyAsync(batchEvaluator, produced, cancellationToken).ConfigureAwait(false);
            int next = 0;
            outcomes = generated.Select(g => g.Genome is null ? (g.Genome, g.Generation, (TextEvaluation?)null) : (g.Genome, g.Generation, evaluations[next++])).ToArray();
        }
        else
        {
            outcomes = await Task.WhenAll(plans.Select(p => GenerateAndEvaluateAsync(p.Op, p.Request!, p.Id, p.Step, cancellationToken))).ConfigureAwait(false);
        }

        var rows = new List<EvaluatedText>(count);
        for (int k = 0; k < count; k++)
        {
            var (genome, generation, evaluation) = outcomes[k];
            if (genome is null)
            {
                Failed++;
                rows.Add(new EvaluatedText
                {
                    Id = plans[k].Id, Step = plans[k].Step, Operator = plans[k].Op.Name, ParentIds = plans[k].Request!.ParentIds,
                    Text = null, Status = EvaluatedTextStatus.GenerationFailed, Failure = generation.Failure, Annotations = generation.Annotations,
                });
                continue;
            }
            rows.Add(Commit(genome, evaluation!, generation.Annotations));
        }
        Proposed += count;
        NextId = nextId;
        Step += count;
        return rows;
    }

    private async Task<(TextGenome? Genome, TextVariationOutcome Generation, TextEvaluation? Evaluation)> GenerateAndEvaluateAsync(
        ITextVariation op, TextVariationRequest request, long id, int step, CancellationToken cancellationToken)
    {
        var (genome, generation) = await GenerateAsync(op, request, id, step, cancellationToken).ConfigureAwait(false);
        if (genome is null) return (null, generation, null);
        return (genome, generation, await EvaluateSafelyAsync(genome, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<(TextGenome? Genome, TextVariationOutcome Generation)> GenerateAsync(
        ITextVariation op, TextVariationRequest request, long id, int step, CancellationToken cancellationToken)
    {
        TextVariationOutcome generation;
        try
        {
            generation = await op.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            generation = TextVariationOutcome.Failed($"{op.Name} failed: {e.Message}");
        }
        if (!generation.Succeeded) return (null, generation);
        return (new TextGenome(id, generation.Text!, request.ParentIds, op.Name, step), generation);
    }

    private async Task<TextEvaluation[]> EvaluateBatchSafelyAsync(IBatchTextEvaluator evaluator, TextGenome[] texts, CancellationToken cancellationToken)
    {
        if (texts.Length == 0) return [];
        try
        {
            var evaluations = await evaluator.EvaluateBatchAsync(texts, cancellationToken).ConfigureAwait(false);
            if (evaluations.Length != texts.Length)
                return texts.Select(_ => TextEvaluation.Failed($"The evaluator returned {evaluations.Length} results for {texts.Length} texts.")).ToArray();
            return evaluations.Select(CheckMeasureDim).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return texts.Select(_ => TextEvaluation.Failed($"The evaluation failed: {e.Message}")).ToArray();
        }
    }

    private async Task<TextEvaluation> EvaluateSafelyAsync(TextGenome genome, CancellationToken cancellationToken)
    {
        try
        {
            return CheckMeasureDim(await Evaluator.EvaluateAsync(genome, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TextEvaluation.Failed($"The evaluation failed: {e.Message}");
        }
    }

    // An evaluation whose measures do not fit the archive fails that text, not the batch.
    private TextEvaluation CheckMeasureDim(TextEvaluation evaluation) =>
        evaluation.Succeeded && evaluation.Measures.Length != Evaluator.MeasureDim
            ? TextEvaluation.Failed($"The evaluator returned {evaluation.Measures.Length} measures; {Evaluator.MeasureDim} were expected.", evaluation.Annotations)
            : evaluation;

    // Offers one evaluated text to the archive and builds its dataset row. Texts are added one at
    // a time so that a measure the archive refuses fails only that text.
    private EvaluatedText Commit(TextGenome genome, TextEvaluation evaluation, IReadOnlyList<KeyValuePair<string, string>> generationAnnotations)
    {
        var annotations = generationAnnotations.Count == 0 ? evaluation.Annotations : generationAnnotations.Concat(evaluation.Annotations).ToArray();
        foreach (var (key, value) in evaluation.Annotations)
            if (key.EndsWith(".mode", StringComparison.Ordinal)) _judgePaths[value] = _judgePaths.GetValueOrDefault(value) + 1;
        var row = new EvaluatedText
        {
            Id = genome.Id, Step = genome.Step, Operator = genome.Operator, ParentIds = genome.ParentIds, Text = genome.Text,
            Status = EvaluatedTextStatus.EvaluationFailed, Failure = evaluation.Failure, Annotations = annotations,
        };
        if (!evaluation.Succeeded)
        {
            Failed++;
            return row;
        }
        var features = Archive.FeatureDim == 0 ? ReadOnlyMemory<double>.Empty : evaluation.Features;
        var batch = new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(new[] { genome }, 1), new[] { evaluation.Quality }, evaluation.Measures, features);
        AddResult result;
        try
        {
            result = Archive.Add(batch);
        }
        catch (ArchiveInputException e)
        {
            Failed++;
            return row with { Failure = $"The archive refused the scores: {e.Message}", Quality = evaluation.Quality, Measures = evaluation.Measures };
        }
        History.Add(genome, evaluation.Quality, evaluation.Measures);
        return row with
        {
            Status = EvaluatedTextStatus.Of(result.Status[0]),
            Quality = evaluation.Quality,
            Measures = evaluation.Measures,
            Cell = ArchiveElites.CellOf(Archive, evaluation.Measures),
        };
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(Settings.Seed);
        writer.Write(_seeds.Length);
        writer.Write(_seeded);
        writer.Write(Step);
        writer.Write(NextId);
        writer.Write(Proposed);
        writer.Write(Failed);
        writer.Write(Elapsed.Ticks);
        writer.Write(MeasureUpdatesDone);
        // Format 3: the prompt examples generated at the start and the judge-path counts.
        writer.Write(_promptExamples.Count - _seeds.Length);
        foreach (var example in _promptExamples.Skip(_seeds.Length)) TextGenomeCodec.Instance.Write(writer, example);
        writer.Write(_judgePaths.Count);
        foreach (var (path, count) in _judgePaths)
        {
            writer.Write(path);
            writer.Write(count);
        }
        // Format 4: whether those counts cover the whole run.
        writer.Write(JudgePathsCountedFromStart);
        MeasureSpace?.WriteState(writer);
        Archive.WriteState(writer);
        History.WriteState(writer);
        WriteOperatorState(writer, InitialVariation);
        WriteOperatorState(writer, Variation);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version is < 2 or > FormatVersion) throw new InvalidDataException($"The checkpoint has text-search format {version}; this build reads 2 to {FormatVersion}.");
        long seed = reader.ReadInt64();
        if (seed != Settings.Seed) throw new InvalidDataException($"The checkpoint was written with seed {seed}; this search uses seed {Settings.Seed}.");
        int seeds = reader.ReadInt32();
        if (seeds != _seeds.Length) throw new InvalidDataException($"The checkpoint was written with {seeds} seed texts; this search has {_seeds.Length}.");
        _seeded = reader.ReadBoolean();
        Step = reader.ReadInt32();
        NextId = reader.ReadInt64();
        Proposed = reader.ReadInt64();
        Failed = reader.ReadInt64();
        _elapsedBefore = TimeSpan.FromTicks(reader.ReadInt64());
        _clock.Reset();
        if (Step < 0 || NextId < 0 || Proposed < 0 || Failed < 0 || Failed > Proposed || _elapsedBefore < TimeSpan.Zero)
            throw new InvalidDataException($"The checkpoint holds impossible counters (step {Step}, proposed {Proposed}, failed {Failed}).");
        int updates = reader.ReadInt32();
        if (updates < 0 || updates > (MeasureSpace?.UpdateSteps.Count ?? 0))
            throw new InvalidDataException($"The checkpoint records {updates} measure-space updates; this search schedules {MeasureSpace?.UpdateSteps.Count ?? 0}.");
        MeasureUpdatesDone = updates;
        _promptExamples.Clear();
        _promptExamples.AddRange(_seeds);
        _judgePaths.Clear();
        if (version >= 3)
        {
            int generated = reader.ReadInt32();
            if (generated < 0 || generated > 1 << 20) throw new InvalidDataException($"The checkpoint claims {generated} generated prompt examples.");
            for (int i = 0; i < generated; i++)
                _promptExamples.Add(TextGenomeCodec.Instance.Read(reader) ?? throw new InvalidDataException($"Generated prompt example {i} has no text."));
            int paths = reader.ReadInt32();
            if (paths < 0 || paths > 1 << 16) throw new InvalidDataException($"The checkpoint claims {paths} judge paths.");
            for (int i = 0; i < paths; i++)
            {
                string path = reader.ReadString();
                long count = reader.ReadInt64();
                if (count < 0) throw new InvalidDataException($"The checkpoint holds a negative count for judge path '{path}'.");
                _judgePaths[path] = count;
            }
        }
        JudgePathsCountedFromStart = version switch { 2 => false, 3 => true, _ => reader.ReadBoolean() };
        if (MeasureSpace is { } space)
        {
            space.ReadState(reader);
            // The archive's bins depend on the restored space.
            Archive = space.CreateArchive();
        }
        Archive.ReadState(reader);
        History.ReadState(reader);
        // Format 2 wrote no operator state (no operator kept any then).
        ReadOperatorState(reader, InitialVariation, withState: version >= 3);
        ReadOperatorState(reader, Variation, withState: version >= 3);
    }

    /// <summary>The name of the search's section in a checkpoint file.</summary>
    public const string CheckpointSectionName = "generative-search";

    /// <summary>Writes a checkpoint atomically in the verified checkpoint format, keeping the previous one.</summary>
    public void SaveCheckpoint(string path) => CheckpointFile.Write(path, CheckpointSectionName, WriteState);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, or does not belong to a search configured like this one.</exception>
    public void LoadCheckpoint(string path) => CheckpointFile.Read(path, CheckpointSectionName, ReadState);

    private static void WriteOperatorState(BinaryWriter writer, ITextVariation op)
    {
        writer.Write(op.Name);
        if (op is ICheckpointable state) state.WriteState(writer);
    }

    private static void ReadOperatorState(BinaryReader reader, ITextVariation op, bool withState)
    {
        string name = reader.ReadString();
        if (name != op.Name) throw new InvalidDataException($"The checkpoint was written with variation operator '{name}'; this search uses '{op.Name}'.");
        if (withState && op is ICheckpointable state) state.ReadState(reader);
    }
}

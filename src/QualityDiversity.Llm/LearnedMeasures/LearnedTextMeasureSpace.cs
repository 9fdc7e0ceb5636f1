using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Search;
using QualityDiversity.Solutions;
using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Llm.LearnedMeasures;

/// <summary>
/// QDHF over texts: the measures are a projection of sentence embeddings learned from similarity
/// judgments about texts — asked of a language model, a person or a simulated judge. The first
/// update (before the seeds are evaluated) judges triplets of seeds and evaluated texts; later
/// updates judge triplets of elites, refit on every judgment so far, and move the elites into a
/// grid whose bounds follow the projected elites. Judgments, the fitted model and the bounds are
/// checkpointed, so a resumed run continues in exactly the same space.
/// </summary>
public sealed class LearnedTextMeasureSpace : ITextMeasureSpace
{
    private readonly ITextEmbedder _embedder;
    private readonly JudgmentMeasureSpace<TextGenome> _space;
    private readonly Func<IReadOnlyList<(double Lower, double Upper)>, IArchive<TextGenome>> _createArchive;
    private readonly MeasureBoundsRule _bounds;
    private readonly int[] _steps;
    private IMeasureModel? _model;
    private (double Lower, double Upper)[] _currentBounds;

    /// <summary>Creates the space.</summary>
    /// <param name="embedder">Gives the features (sentence embeddings) the projection reads.</param>
    /// <param name="judge">Answers the similarity triplets.</param>
    /// <param name="learner">Fits the projection to the judgments.</param>
    /// <param name="measureDim">Dimension of the learned measures.</param>
    /// <param name="updateSteps">Steps before which the space is refitted (the first should be 0).</param>
    /// <param name="judgmentsPerUpdate">Triplets asked at each update.</param>
    /// <param name="createArchive">Builds the grid for given bounds (one pair per measure).</param>
    /// <param name="bounds">How bounds follow the projected elites.</param>
    /// <param name="onJudged">Called with each update's new judgments (to persist them).</param>
    public LearnedTextMeasureSpace(ITextEmbedder embedder, IJudge judge, IJudgmentMeasureLearner learner, int measureDim, IReadOnlyList<int> updateSteps,
        int judgmentsPerUpdate, Func<IReadOnlyList<(double Lower, double Upper)>, IArchive<TextGenome>> createArchive, MeasureBoundsRule? bounds = null,
        Action<IReadOnlyList<Judgment>>? onJudged = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(createArchive);
        ArgumentNullException.ThrowIfNull(updateSteps);
        if (updateSteps.Count == 0) throw new ArgumentException("A learned measure space needs at least one update step.", nameof(updateSteps));
        for (int i = 1; i < updateSteps.Count; i++)
            if (updateSteps[i] <= updateSteps[i - 1]) throw new ArgumentException("Update steps must be strictly increasing.", nameof(updateSteps));
        if (updateSteps[0] != 0) throw new ArgumentException("The first update must come before the seeds (step 0): there are no measures until then.", nameof(updateSteps));
        if (judgmentsPerUpdate < 1) throw new ArgumentOutOfRangeException(nameof(judgmentsPerUpdate), judgmentsPerUpdate, "Each update needs at least one judgment.");
        _embedder = embedder;
        _space = new JudgmentMeasureSpace<TextGenome>("QDHF", judge, learner, measureDim, [judgmentsPerUpdate], onJudged: onJudged);
        _createArchive = createArchive;
        _bounds = bounds ?? new MeasureBoundsRule { LowerQuantile = 0.05, UpperQuantile = 0.95, Margin = 0.1 };
        _steps = updateSteps.ToArray();
        MeasureDim = measureDim;
        _currentBounds = Enumerable.Repeat((-1.0, 1.0), measureDim).ToArray();
    }

    /// <summary>Dimension of the learned measures.</summary>
    public int MeasureDim { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> UpdateSteps => _steps;

    /// <summary>Every judgment trained on so far.</summary>
    public IReadOnlyList<Judgment> Judgments => _space.Judgments;

    /// <summary>The current bounds of the grid.</summary>
    public IReadOnlyList<(double Lower, double Upper)> Bounds => _currentBounds;

    /// <summary>The projection in force (features to measures); before the first update, every text maps to the origin.</summary>
    public FeatureMeasureMap CurrentMap => _model is { } model ? model.Project : static (_, measures) => measures.Clear();

    /// <inheritdoc />
    public IArchive<TextGenome> CreateArchive() => _createArchive(_currentBounds);

    /// <inheritdoc />
    public async Task<TextMeasureUpdate> UpdateAsync(TextMeasureUpdateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var elites = MeasureSpaceRebuilder.EliteBatch(context.Archive);
        int featureDim = _embedder.Dimension;
        if (context.Archive.FeatureDim != featureDim)
            throw new InvalidOperationException($"The archive keeps {context.Archive.FeatureDim} features per text; the embedder gives {featureDim}.");
        // Known texts to draw fresh triplets from: the seeds and everything evaluated so far.
        var known = context.Seeds.Concat(context.History.Entries.Select(e => e.Genome)).ToArray();
        var update = await _space.UpdateAsync(new MeasureUpdateContext<TextGenome>(context.Step, context.UpdateIndex, elites, featureDim, context.Random,
            (count, ct) => SampleKnown(known, count, context.Random, ct),
            static (solution, features) => new JudgedItem(features.ToArray(), Text: solution[0].Text)), cancellationToken).ConfigureAwait(false);
        var model = update.Fit!.Model;

        IArchive<TextGenome> archive;
        int moved = 0;
        if (elites.Count > 0)
        {
            var rebuild = MeasureSpaceRebuilder.Rebuild(elites, featureDim, MeasureDim, model.Project, bounds => _createArchive(bounds), _bounds);
            archive = rebuild.Archive;
            _currentBounds = rebuild.Bounds.ToArray();
            moved = archive.Count;
        }
        else
        {
            // Nothing evaluated yet: bounds come from the projected texts that were judged.
            var projected = new double[known.Length * MeasureDim];
            var embeddings = _embedder.Embed(known.Select(t => t.Text).ToArray(), cancellationToken);
            for (int i = 0; i < known.Length; i++)
                model.Project(Array.ConvertAll(embeddings[i], x => (double)x), projected.AsSpan(i * MeasureDim, MeasureDim));
            _currentBounds = _bounds.BoundsOf(projected, MeasureDim);
            archive = _createArchive(_currentBounds);
        }
        _model = model;
        var c = CultureInfo.InvariantCulture;
        string accuracy = update.Fit.ValidationAccuracy is { } a ? string.Create(c, $", validation accuracy {a:0.000}") : "";
        return new TextMeasureUpdate(archive, string.Create(c,
            $"Measure update {context.UpdateIndex + 1} before step {context.Step}: {update.NewJudgments} new judgments ({update.TotalJudgments} in total){accuracy}; {moved} of {elites.Count} elites kept in the new archive."));
    }

    private ValueTask<CandidateBatch<TextGenome>> SampleKnown(TextGenome[] known, int count, Randomness.RandomSource random, CancellationToken cancellationToken)
    {
        if (known.Length == 0) throw new InvalidOperationException("There are no texts to judge yet: give seed texts for a learned measure space.");
        var picks = new TextGenome[count];
        for (int i = 0; i < count; i++) picks[i] = known[random.NextInt(known.Length)];
        var embeddings = _embedder.Embed(picks.Select(p => p.Text).ToArray(), cancellationToken);
        var features = new double[count * _embedder.Dimension];
        for (int i = 0; i < count; i++)
            for (int d = 0; d < _embedder.Dimension; d++) features[i * _embedder.Dimension + d] = embeddings[i][d];
        return ValueTask.FromResult(new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(picks, 1), new double[count], new double[count * MeasureDim], features));
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _space.WriteState(writer);
        writer.Write(_model is not null);
        if (_model is not null) MeasureModelSerializer.Write(writer, _model);
        writer.Write(_currentBounds.Length);
        foreach (var (lower, upper) in _currentBounds)
        {
            writer.Write(lower);
            writer.Write(upper);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _space.ReadState(reader);
        _model = reader.ReadBoolean() ? MeasureModelSerializer.Read(reader) : null;
        if (_model is not null && _model.MeasureDim != MeasureDim)
            throw new InvalidDataException($"The checkpoint's learned model gives {_model.MeasureDim} measures; this run learns {MeasureDim}.");
        int dims = reader.ReadInt32();
        if (dims != MeasureDim) throw new InvalidDataException($"The checkpoint's archive bounds have {dims} measures; this run learns {MeasureDim}.");
        _currentBounds = new (double, double)[dims];
        for (int d = 0; d < dims; d++) _currentBounds[d] = (reader.ReadDouble(), reader.ReadDouble());
    }
}

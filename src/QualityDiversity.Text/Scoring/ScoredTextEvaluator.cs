using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Scoring;

/// <summary>
/// Evaluates a text by asking one scorer for its quality and one scorer per measure axis (or
/// one scorer for several axes at once), all at once, and optionally extracting features. If
/// any scorer fails, the evaluation fails with every reason, so a malformed or refused answer
/// is recorded rather than scored as zero.
/// </summary>
public sealed class ScoredTextEvaluator : ITextEvaluator
{
    private readonly ITextScorer _quality;
    private readonly ITextScorer[] _measures;
    private readonly ITextMultiScorer[] _groups;
    private readonly ITextFeatureExtractor? _features;

    /// <summary>Creates the evaluator with one scorer per measure axis.</summary>
    public ScoredTextEvaluator(ITextScorer quality, IReadOnlyList<ITextScorer> measures, ITextFeatureExtractor? features = null)
        : this(quality, measures, (measures ?? throw new ArgumentNullException(nameof(measures))).Select(m => (ITextMultiScorer)new SingleMeasureScorer(m)).ToArray(), features)
    {
    }

    /// <summary>Creates the evaluator with scorers that each give one or more measures, in axis order.</summary>
    public ScoredTextEvaluator(ITextScorer quality, IReadOnlyList<ITextMultiScorer> measures, ITextFeatureExtractor? features = null)
        : this(quality, [], measures, features)
    {
    }

    private ScoredTextEvaluator(ITextScorer quality, IReadOnlyList<ITextScorer> single, IReadOnlyList<ITextMultiScorer> groups, ITextFeatureExtractor? features)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0 && features is null)
            throw new ArgumentException("Give at least one measure scorer, or features from which measures are learned.", nameof(groups));
        if (groups.Any(g => g is null || g.Names.Count == 0)) throw new ArgumentException("Every measure scorer must name at least one measure.", nameof(groups));
        _quality = quality;
        _measures = single.ToArray();
        _groups = groups.ToArray();
        _features = features;
        MeasureDim = _groups.Sum(g => g.Names.Count);
    }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <inheritdoc />
    public int FeatureDim => _features?.Dimension ?? 0;

    /// <summary>The quality scorer.</summary>
    public ITextScorer Quality => _quality;

    /// <summary>The measure scorers, one per axis, when the evaluator was built with one scorer per axis; empty otherwise.</summary>
    public IReadOnlyList<ITextScorer> Measures => _measures;

    /// <summary>The measure scorers, each giving one or more measures, in axis order.</summary>
    public IReadOnlyList<ITextMultiScorer> MeasureScorers => _groups;

    /// <inheritdoc />
    public async Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var qualityTask = _quality.ScoreAsync(text.Text, cancellationToken);
        var measureTasks = _groups.Select(m => m.ScoreAsync(text.Text, cancellationToken)).ToArray();
        var featureTask = _features?.ExtractAsync(text.Text, cancellationToken);
        var quality = await qualityTask.ConfigureAwait(false);
        var groups = await Task.WhenAll(measureTasks).ConfigureAwait(false);
        double[]? features = featureTask is null ? null : await featureTask.ConfigureAwait(false);

        var names = new List<string>(MeasureDim);
        var measures = new List<TextScore>(MeasureDim);
        for (int g = 0; g < groups.Length; g++)
        {
            if (groups[g].Count != _groups[g].Names.Count)
                throw new InvalidOperationException($"The measure scorer for {string.Join(", ", _groups[g].Names)} returned {groups[g].Count} scores.");
            names.AddRange(_groups[g].Names);
            measures.AddRange(groups[g]);
        }

        var annotations = new List<KeyValuePair<string, string>>();
        Annotate(annotations, "quality", quality);
        for (int i = 0; i < measures.Count; i++) Annotate(annotations, names[i], measures[i]);

        var failures = new List<string>();
        if (!quality.Succeeded) failures.Add($"quality ({_quality.Name}): {quality.Failure}");
        for (int i = 0; i < measures.Count; i++)
            if (!measures[i].Succeeded) failures.Add($"measure {names[i]}: {measures[i].Failure}");
        if (failures.Count > 0) return TextEvaluation.Failed(string.Join("; ", failures), annotations);
        return TextEvaluation.Success(quality.Value, measures.Select(m => m.Value).ToArray(), features, annotations);
    }

    private static void Annotate(List<KeyValuePair<string, string>> annotations, string name, TextScore score)
    {
        annotations.Add(new($"{name}.mode", score.Mode));
        if (score.Raw is not null) annotations.Add(new($"{name}.raw", score.Raw));
    }
}

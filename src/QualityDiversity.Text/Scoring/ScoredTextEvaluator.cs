using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Scoring;

/// <summary>
/// Evaluates a text by asking one scorer for its quality and one scorer per measure axis, all
/// at once, and optionally extracting features. If any scorer fails, the evaluation fails with
/// every reason, so a malformed or refused answer is recorded rather than scored as zero.
/// </summary>
public sealed class ScoredTextEvaluator : ITextEvaluator
{
    private readonly ITextScorer _quality;
    private readonly ITextScorer[] _measures;
    private readonly ITextFeatureExtractor? _features;

    /// <summary>Creates the evaluator.</summary>
    public ScoredTextEvaluator(ITextScorer quality, IReadOnlyList<ITextScorer> measures, ITextFeatureExtractor? features = null)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(measures);
        if (measures.Count == 0 && features is null)
            throw new ArgumentException("Give at least one measure scorer, or features from which measures are learned.", nameof(measures));
        _quality = quality;
        _measures = measures.ToArray();
        _features = features;
    }

    /// <inheritdoc />
    public int MeasureDim => _measures.Length;

    /// <inheritdoc />
    public int FeatureDim => _features?.Dimension ?? 0;

    /// <summary>The quality scorer.</summary>
    public ITextScorer Quality => _quality;

    /// <summary>The measure scorers, one per axis.</summary>
    public IReadOnlyList<ITextScorer> Measures => _measures;

    /// <inheritdoc />
    public async Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var qualityTask = _quality.ScoreAsync(text.Text, cancellationToken);
        var measureTasks = _measures.Select(m => m.ScoreAsync(text.Text, cancellationToken)).ToArray();
        var featureTask = _features?.ExtractAsync(text.Text, cancellationToken);
        var quality = await qualityTask.ConfigureAwait(false);
        var measures = await Task.WhenAll(measureTasks).ConfigureAwait(false);
        double[]? features = featureTask is null ? null : await featureTask.ConfigureAwait(false);

        var annotations = new List<KeyValuePair<string, string>>();
        Annotate(annotations, "quality", quality);
        for (int i = 0; i < measures.Length; i++) Annotate(annotations, _measures[i].Name, measures[i]);

        var failures = new List<string>();
        if (!quality.Succeeded) failures.Add($"quality ({_quality.Name}): {quality.Failure}");
        for (int i = 0; i < measures.Length; i++)
            if (!measures[i].Succeeded) failures.Add($"measure {_measures[i].Name}: {measures[i].Failure}");
        if (failures.Count > 0) return TextEvaluation.Failed(string.Join("; ", failures), annotations);
        return TextEvaluation.Success(quality.Value, measures.Select(m => m.Value).ToArray(), features, annotations);
    }

    private static void Annotate(List<KeyValuePair<string, string>> annotations, string name, TextScore score)
    {
        annotations.Add(new($"{name}.mode", score.Mode));
        if (score.Raw is not null) annotations.Add(new($"{name}.raw", score.Raw));
    }
}

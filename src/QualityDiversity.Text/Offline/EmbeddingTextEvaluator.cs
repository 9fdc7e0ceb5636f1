using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Offline;

/// <summary>
/// The offline mode's evaluator: the local embedding model stands in for a judge. Quality is
/// the similarity to the domain's description of an ideal text (<see cref="TopicRelevance"/>);
/// a binary axis is the logistic contrast between the text's similarity to the axis' first and
/// second descriptions (<see cref="AnchorAxis"/>, a value in [0, 1] like a judge's probability);
/// a categorical axis is the label whose description is most similar. Each text is embedded
/// once, and batches are embedded together. This is an embedding heuristic, not AI feedback.
/// </summary>
public sealed class EmbeddingTextEvaluator : IBatchTextEvaluator
{
    private readonly ITextEmbedder _embedder;
    private readonly TopicRelevance _quality;
    private readonly EmbeddingAxisScorer[] _axes;
    private readonly bool _keepFeatures;

    /// <summary>Prepares the anchors of <paramref name="domain"/> (embedding their descriptions once).</summary>
    /// <exception cref="ArgumentException">A binary axis lacks its descriptions.</exception>
    public EmbeddingTextEvaluator(ITextEmbedder embedder, TextDomain domain, bool keepFeatures = false, double temperature = AnchorAxis.DefaultTemperature)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(domain);
        domain.Validate();
        _embedder = embedder;
        _keepFeatures = keepFeatures;
        _quality = new TopicRelevance(embedder, domain.Quality.Description);
        _axes = domain.Axes.Select(axis => new EmbeddingAxisScorer(embedder, axis, temperature)).ToArray();
    }

    /// <inheritdoc />
    public int MeasureDim => _axes.Length;

    /// <inheritdoc />
    public int FeatureDim => _keepFeatures ? _embedder.Dimension : 0;

    /// <inheritdoc />
    public Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.Run(() => Evaluate(text.Text, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<TextEvaluation[]> EvaluateBatchAsync(IReadOnlyList<TextGenome> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Task.Run(() =>
        {
            var embeddings = _embedder.Embed(texts.Select(t => t.Text).ToArray(), cancellationToken);
            return embeddings.Select(Score).ToArray();
        }, cancellationToken);
    }

    private TextEvaluation Evaluate(string text, CancellationToken cancellationToken) => Score(_embedder.Embed([text], cancellationToken)[0]);

    private TextEvaluation Score(float[] embedding)
    {
        var measures = new double[_axes.Length];
        var annotations = new List<KeyValuePair<string, string>> { new("quality.mode", "embedding") };
        for (int i = 0; i < measures.Length; i++)
        {
            measures[i] = _axes[i].Score(embedding);
            annotations.Add(new($"{_axes[i].Name}.mode", "embedding"));
        }
        double[]? features = _keepFeatures ? Array.ConvertAll(embedding, x => (double)x) : null;
        return TextEvaluation.Success(_quality.Score(embedding), measures, features, annotations);
    }
}

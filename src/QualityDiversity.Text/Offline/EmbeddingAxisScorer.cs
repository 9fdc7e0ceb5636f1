using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Text.Offline;

/// <summary>
/// Places a text on one axis with the embedding model instead of a judge: a binary axis by the
/// logistic contrast of its two descriptions (<see cref="AnchorAxis"/>), a categorical axis by
/// the most similar label. Lets a language-model run use embedded measures while it judges
/// quality.
/// </summary>
public sealed class EmbeddingAxisScorer : ITextScorer
{
    private readonly ITextEmbedder _embedder;
    private readonly AnchorAxis? _anchor;
    private readonly float[][]? _labels;

    /// <summary>Prepares the axis (embedding its descriptions or labels once).</summary>
    /// <exception cref="ArgumentException">A binary axis lacks its descriptions.</exception>
    public EmbeddingAxisScorer(ITextEmbedder embedder, TextAxis axis, double temperature = AnchorAxis.DefaultTemperature)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(axis);
        axis.Validate();
        _embedder = embedder;
        Name = axis.Name;
        if (axis.IsCategorical)
        {
            _labels = embedder.Embed(axis.Labels.ToArray());
            return;
        }
        if (string.IsNullOrWhiteSpace(axis.FirstDescription) || string.IsNullOrWhiteSpace(axis.SecondDescription))
            throw new ArgumentException($"Axis '{axis.Name}' needs first_description and second_description to be embedded.", nameof(axis));
        _anchor = new AnchorAxis(embedder, axis.SecondDescription!, axis.FirstDescription!, temperature);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The axis value of an embedding: a probability-like score, or a label index.</summary>
    public double Score(ReadOnlySpan<float> embedding)
    {
        if (_anchor is not null) return _anchor.Score(embedding);
        int best = 0;
        float bestSimilarity = float.NegativeInfinity;
        for (int k = 0; k < _labels!.Length; k++)
        {
            float similarity = EmbeddingMath.Dot(embedding, _labels[k]);
            if (similarity > bestSimilarity) { bestSimilarity = similarity; best = k; }
        }
        return best;
    }

    /// <inheritdoc />
    public Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken) =>
        Task.Run(() => TextScore.Of(Score(_embedder.Embed([text], cancellationToken)[0]), "embedding"), cancellationToken);
}

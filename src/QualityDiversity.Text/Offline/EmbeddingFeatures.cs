using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Text.Offline;

/// <summary>Sentence embeddings as the features kept with every text (inputs for learned measures).</summary>
public sealed class EmbeddingFeatures : ITextFeatureExtractor
{
    private readonly ITextEmbedder _embedder;

    /// <summary>Uses <paramref name="embedder"/>.</summary>
    public EmbeddingFeatures(ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
    }

    /// <inheritdoc />
    public int Dimension => _embedder.Dimension;

    /// <inheritdoc />
    public Task<double[]> ExtractAsync(string text, CancellationToken cancellationToken) =>
        Task.Run(() => Array.ConvertAll(_embedder.Embed([text], cancellationToken)[0], x => (double)x), cancellationToken);
}

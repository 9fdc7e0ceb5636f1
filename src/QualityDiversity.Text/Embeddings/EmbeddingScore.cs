namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// A number read from a text's embedding (a position on an anchor axis, a topic relevance):
/// derived types define <see cref="Score"/> on one embedding; scoring texts embeds them first,
/// many at once as one batch.
/// </summary>
public abstract class EmbeddingScore
{
    /// <summary>Scores with embeddings from <paramref name="embedder"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="embedder"/> is null.</exception>
    protected EmbeddingScore(ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        Embedder = embedder;
    }

    /// <summary>The embedding model.</summary>
    protected ITextEmbedder Embedder { get; }

    /// <summary>The score of one embedding.</summary>
    /// <exception cref="ArgumentException">The embedding does not fit (wrong length, non-finite values).</exception>
    public abstract double Score(ReadOnlySpan<float> embedding);

    /// <summary>Embeds a text and scores it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public double ScoreText(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Score(Embedder.Embed([text], ct)[0]);
    }

    /// <summary>Embeds texts (as one batch) and scores each.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    public double[] ScoreTexts(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var embeddings = Embedder.Embed(texts, ct);
        var scores = new double[embeddings.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = Score(embeddings[i]);
        return scores;
    }
}

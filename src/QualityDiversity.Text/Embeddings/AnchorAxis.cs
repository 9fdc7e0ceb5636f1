namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// A measure in [0, 1] from embedding similarity to two anchor descriptions: the description of
/// a text at 0 (e.g. "a negative, critical opinion") and of a text at 1 (e.g. "a positive,
/// enthusiastic opinion"). A text with embedding e scores
/// p = 1 / (1 + exp(−(cos(e, b) − cos(e, a)) / T)), where a is the 0 anchor, b the 1 anchor and T
/// the <see cref="Temperature"/>: 0.5 when the text is as close to both, towards 1 the closer it is
/// to b than to a. MiniLM cosine differences between anchors rarely exceed ±0.2, so the default
/// T = 0.05 spreads texts over roughly [0.02, 0.98]. The anchors are embedded once, at construction.
/// </summary>
public sealed class AnchorAxis : EmbeddingScore
{
    /// <summary>Temperature unless told otherwise.</summary>
    public const double DefaultTemperature = 0.05;

    private readonly float[] _zero;
    private readonly float[] _one;

    /// <summary>Creates the axis, embedding both anchors.</summary>
    /// <param name="embedder">Embeds the anchors now and texts given to <see cref="EmbeddingScore.ScoreText"/> and <see cref="EmbeddingScore.ScoreTexts"/> later.</param>
    /// <param name="zeroDescription">Description of a text that scores 0.</param>
    /// <param name="oneDescription">Description of a text that scores 1.</param>
    /// <param name="temperature">How sharply the score turns from 0 to 1 (positive; smaller is sharper).</param>
    /// <param name="ct">Cancels embedding the anchors.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embedder"/> is null.</exception>
    /// <exception cref="ArgumentException">A description is missing, both are the same text, or they embed to the same vector.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not a positive finite number.</exception>
    public AnchorAxis(ITextEmbedder embedder, string zeroDescription, string oneDescription, double temperature = DefaultTemperature, CancellationToken ct = default)
        : base(embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (string.IsNullOrWhiteSpace(zeroDescription)) throw new ArgumentException("An anchor axis needs a description of a text at 0.", nameof(zeroDescription));
        if (string.IsNullOrWhiteSpace(oneDescription)) throw new ArgumentException("An anchor axis needs a description of a text at 1.", nameof(oneDescription));
        if (string.Equals(zeroDescription.Trim(), oneDescription.Trim(), StringComparison.Ordinal))
            throw new ArgumentException($"The two anchors of an axis must differ; both are '{zeroDescription.Trim()}'.", nameof(oneDescription));
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive finite number.");

        var anchors = embedder.Embed([zeroDescription, oneDescription], ct);
        if (anchors is null || anchors.Length != 2 || anchors[0]?.Length != embedder.Dimension || anchors[1]?.Length != embedder.Dimension)
            throw new ArgumentException($"The embedder {embedder.ModelName} did not return two {embedder.Dimension}-dimensional anchor embeddings.", nameof(embedder));
        if (EmbeddingMath.CosineSimilarity(anchors[0], anchors[1]) >= 1f - 1e-6f)
            throw new ArgumentException($"The anchors '{zeroDescription}' and '{oneDescription}' have the same embedding under {embedder.ModelName}, so every text would score 0.5.", nameof(oneDescription));

        _zero = anchors[0];
        _one = anchors[1];
        ZeroDescription = zeroDescription;
        OneDescription = oneDescription;
        Temperature = temperature;
    }

    /// <summary>Description of a text that scores 0.</summary>
    public string ZeroDescription { get; }

    /// <summary>Description of a text that scores 1.</summary>
    public string OneDescription { get; }

    /// <summary>Divides the cosine difference before the logistic function.</summary>
    public double Temperature { get; }

    /// <summary>Length of the embeddings the axis takes.</summary>
    public int Dimension => _zero.Length;

    /// <summary>cos(e, b) − cos(e, a): how much closer the embedding is to the 1 anchor than to the 0 anchor, in [−2, 2].</summary>
    /// <exception cref="ArgumentException">The embedding's length is not <see cref="Dimension"/>, or it has non-finite values.</exception>
    public double Difference(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
            throw new ArgumentException($"The embedding has {embedding.Length} values; this axis takes {Dimension} ({Embedder.ModelName}).", nameof(embedding));
        double difference = (double)EmbeddingMath.CosineSimilarity(embedding, _one) - EmbeddingMath.CosineSimilarity(embedding, _zero);
        if (!double.IsFinite(difference)) throw new ArgumentException("The embedding has non-finite values.", nameof(embedding));
        return difference;
    }

    /// <summary>The position of an embedding on the axis, in [0, 1] (see <see cref="AnchorAxis"/>).</summary>
    /// <exception cref="ArgumentException">The embedding's length is not <see cref="Dimension"/>, or it has non-finite values.</exception>
    public override double Score(ReadOnlySpan<float> embedding) => Logistic(Difference(embedding) / Temperature);

    // 1 / (1 + e^-z) without overflow for large |z|.
    private static double Logistic(double z)
    {
        if (z >= 0) return 1 / (1 + Math.Exp(-z));
        double ez = Math.Exp(z);
        return ez / (1 + ez);
    }
}

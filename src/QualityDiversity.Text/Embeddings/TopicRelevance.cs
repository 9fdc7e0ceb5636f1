namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// A quality in [0, 1] from embedding similarity to a topic description:
/// q = clamp((cos(e, t) − <see cref="Floor"/>) / (<see cref="Ceiling"/> − <see cref="Floor"/>), 0, 1),
/// where t is the description's embedding. With the defaults (floor 0, ceiling 1) that is
/// q = max(cos, 0): sentence-embedding models such as MiniLM give unrelated texts cosines near 0
/// and rarely negative ones, so unrelated text scores about 0 (the common alternative
/// (cos + 1) / 2 would give it 0.5 and waste half the range), and a text scores 1 only when it
/// embeds exactly like the description. Raising the floor (e.g. to 0.1) and lowering the ceiling
/// (e.g. to 0.7, about where clearly on-topic sentences lie) stretches the useful range.
/// The description is embedded once, at construction.
/// </summary>
public sealed class TopicRelevance : EmbeddingScore
{
    private readonly float[] _topic;

    /// <summary>Creates the measure, embedding the description.</summary>
    /// <param name="embedder">Embeds the description now and texts given to <see cref="EmbeddingScore.ScoreText"/> and <see cref="EmbeddingScore.ScoreTexts"/> later.</param>
    /// <param name="description">Description of an ideal text (e.g. "An opinion about eating vegetables and plant-based foods").</param>
    /// <param name="floor">Cosine that maps to 0 (and everything below it).</param>
    /// <param name="ceiling">Cosine that maps to 1 (and everything above it); greater than <paramref name="floor"/>.</param>
    /// <param name="ct">Cancels embedding the description.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embedder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The floor and ceiling are not finite values with −1 ≤ floor &lt; ceiling ≤ 1.</exception>
    public TopicRelevance(ITextEmbedder embedder, string description, double floor = 0, double ceiling = 1, CancellationToken ct = default)
        : base(embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (string.IsNullOrWhiteSpace(description)) throw new ArgumentException("Topic relevance needs a description of the topic.", nameof(description));
        if (!(floor >= -1 && floor < 1)) throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor must be a cosine in [-1, 1).");
        if (!(ceiling > floor && ceiling <= 1)) throw new ArgumentOutOfRangeException(nameof(ceiling), ceiling, $"The ceiling must be a cosine above the floor ({floor}) and at most 1.");

        var topic = embedder.Embed([description], ct);
        if (topic is null || topic.Length != 1 || topic[0]?.Length != embedder.Dimension)
            throw new ArgumentException($"The embedder {embedder.ModelName} did not return a {embedder.Dimension}-dimensional embedding of the description.", nameof(embedder));
        _topic = topic[0];
        Description = description;
        Floor = floor;
        Ceiling = ceiling;
    }

    /// <summary>Description of an ideal text.</summary>
    public string Description { get; }

    /// <summary>Cosine that maps to 0.</summary>
    public double Floor { get; }

    /// <summary>Cosine that maps to 1.</summary>
    public double Ceiling { get; }

    /// <summary>Length of the embeddings the measure takes.</summary>
    public int Dimension => _topic.Length;

    /// <summary>Cosine similarity of an embedding to the description, in [−1, 1].</summary>
    /// <exception cref="ArgumentException">The embedding's length is not <see cref="Dimension"/>, or it has non-finite values.</exception>
    public double Similarity(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
            throw new ArgumentException($"The embedding has {embedding.Length} values; this measure takes {Dimension} ({Embedder.ModelName}).", nameof(embedding));
        double cos = EmbeddingMath.CosineSimilarity(embedding, _topic);
        if (!double.IsFinite(cos)) throw new ArgumentException("The embedding has non-finite values.", nameof(embedding));
        return cos;
    }

    /// <summary>The quality of an embedding, in [0, 1] (see <see cref="TopicRelevance"/>).</summary>
    /// <exception cref="ArgumentException">The embedding's length is not <see cref="Dimension"/>, or it has non-finite values.</exception>
    public override double Score(ReadOnlySpan<float> embedding) => Math.Clamp((Similarity(embedding) - Floor) / (Ceiling - Floor), 0, 1);
}

namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// Turns texts into fixed-length sentence embeddings. Every row an implementation returns has
/// <see cref="Dimension"/> entries and unit Euclidean length, so the dot product of two rows is
/// their cosine similarity. Implementations are safe to call from several threads at once.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Length of every embedding.</summary>
    int Dimension { get; }

    /// <summary>Name of the model (e.g. "sentence-transformers/all-MiniLM-L6-v2"), for annotations and errors.</summary>
    string ModelName { get; }

    /// <summary>Embeds a list of texts.</summary>
    /// <param name="texts">The texts; none may be null. An empty string is a valid text.</param>
    /// <param name="ct">Cancels the work between (and where the model allows, during) batches.</param>
    /// <returns>One unit-length row of <see cref="Dimension"/> entries per text, in the order of <paramref name="texts"/>; the caller owns the arrays.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentException">One of the texts is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default);

    /// <summary>Embeds one text (see <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/>).</summary>
    /// <param name="text">The text; may be empty, not null.</param>
    /// <returns>A unit-length row of <see cref="Dimension"/> entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed([text])[0];
    }
}

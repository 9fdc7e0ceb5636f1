using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

/// <summary>A deterministic fake embedder (a unit vector derived from the text's characters) that counts what it is asked.</summary>
internal sealed class CountingTextEmbedder(int dimension = 8) : ITextEmbedder
{
    private int _calls;
    private int _texts;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _perText = new(StringComparer.Ordinal);

    public int Dimension => dimension;

    public string ModelName => "counting-fake";

    /// <summary>Calls to <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Texts embedded, over all calls.</summary>
    public int Texts => Volatile.Read(ref _texts);

    public int TimesEmbedded(string text) => _perText.TryGetValue(text, out int n) ? n : 0;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _texts, texts.Count);
        var rows = new float[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            _perText.AddOrUpdate(texts[i], 1, (_, n) => n + 1);
            rows[i] = VectorOf(texts[i], dimension);
        }
        return rows;
    }

    public static float[] VectorOf(string text, int dimension)
    {
        var v = new float[dimension];
        v[0] = 1; // never the zero vector
        for (int i = 0; i < text.Length; i++) v[(i * 7 + text[i]) % dimension] += text[i] % 13 + 1;
        EmbeddingMath.NormalizeInPlace(v);
        return v;
    }
}

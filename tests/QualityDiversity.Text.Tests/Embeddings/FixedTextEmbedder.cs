using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

/// <summary>A fake embedder that returns given vectors (normalised) for given texts.</summary>
internal sealed class FixedTextEmbedder(int dimension, IReadOnlyDictionary<string, float[]> vectors) : ITextEmbedder
{
    public int Dimension => dimension;

    public string ModelName => "fixed-fake";

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default) =>
        texts.Select(t =>
        {
            var v = (float[])vectors[t].Clone();
            EmbeddingMath.NormalizeInPlace(v);
            return v;
        }).ToArray();
}

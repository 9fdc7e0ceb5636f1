using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

public class EmbeddingMathTests
{
    private static float[] Random(int length, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(384)]
    public void Dot_and_norm_match_the_plain_loop_at_every_length(int length)
    {
        var a = Random(length, 1);
        var b = Random(length, 2);
        double dot = 0, norm = 0;
        for (int i = 0; i < length; i++)
        {
            dot += (double)a[i] * b[i];
            norm += (double)a[i] * a[i];
        }
        Assert.Equal(dot, EmbeddingMath.Dot(a, b), 1e-4);
        Assert.Equal(Math.Sqrt(norm), EmbeddingMath.Norm(a), 1e-4);
    }

    [Fact]
    public void Cosine_is_one_for_parallel_zero_for_orthogonal_minus_one_for_opposite_vectors()
    {
        var a = Random(19, 3);
        var twice = a.Select(x => 2 * x).ToArray();
        var opposite = a.Select(x => -x).ToArray();
        Assert.Equal(1f, EmbeddingMath.CosineSimilarity(a, twice), 5);
        Assert.Equal(-1f, EmbeddingMath.CosineSimilarity(a, opposite), 5);
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity([1f, 0f, 0f], [0f, 3f, 0f]), 6);
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity(a, new float[19]));
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity([1f, float.NaN], [1f, 0f])));
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity([1f, float.PositiveInfinity], [1f, 0f])));
    }

    [Fact]
    public void Vectors_of_different_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => EmbeddingMath.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarity(new float[16], new float[17]));
        Assert.Throws<ArgumentException>(() => EmbeddingMath.Mean([new float[3], new float[4]]));
    }

    [Fact]
    public void Normalize_gives_unit_length_and_leaves_the_zero_vector_alone()
    {
        var v = Random(45, 4);
        var direction = (float[])v.Clone();
        Assert.True(EmbeddingMath.NormalizeInPlace(v));
        Assert.Equal(1f, EmbeddingMath.Norm(v), 5);
        Assert.Equal(1f, EmbeddingMath.CosineSimilarity(v, direction), 5);

        var zero = new float[45];
        Assert.False(EmbeddingMath.NormalizeInPlace(zero));
        Assert.All(zero, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Mean_averages_element_wise_and_normalized_mean_has_unit_length()
    {
        float[][] vectors = [[1f, 0f, 3f], [3f, 2f, -1f]];
        Assert.Equal([2f, 1f, 1f], EmbeddingMath.Mean(vectors));
        var unit = EmbeddingMath.NormalizedMean(vectors);
        Assert.Equal(1f, EmbeddingMath.Norm(unit), 5);
        Assert.Equal(2f / MathF.Sqrt(6f), unit[0], 5);

        Assert.Throws<ArgumentException>(() => EmbeddingMath.Mean([]));
        Assert.Throws<ArgumentException>(() => EmbeddingMath.NormalizedMean([[1f, 2f], [-1f, -2f]]));
    }
}

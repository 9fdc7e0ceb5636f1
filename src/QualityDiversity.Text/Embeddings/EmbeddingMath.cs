using System.Numerics;
using System.Runtime.InteropServices;

namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// Vector arithmetic on embeddings, vectorised with <see cref="Vector{T}"/> (no dependency on
/// System.Numerics.Tensors). Spans of different lengths are rejected.
/// </summary>
public static class EmbeddingMath
{
    /// <summary>Dot product of two vectors; for unit-length embeddings this is their cosine similarity.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameLength(a, b);
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Euclidean length of a vector.</summary>
    public static float Norm(ReadOnlySpan<float> v)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && v.Length >= Vector<float>.Count)
        {
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var acc = Vector<float>.Zero;
            for (int k = 0; k < vv.Length; k++) acc += vv[k] * vv[k];
            sum = Vector.Sum(acc);
            i = vv.Length * Vector<float>.Count;
        }
        for (; i < v.Length; i++) sum += v[i] * v[i];
        return MathF.Sqrt(sum);
    }

    /// <summary>
    /// Cosine similarity of two vectors of any length, in [-1, 1]; 0 when either is the zero
    /// vector, NaN when either holds a non-finite value. For vectors already of unit length,
    /// <see cref="Dot"/> gives the same value faster.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float CosineSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float dot = Dot(a, b);
        float norms = Norm(a) * Norm(b);
        if (norms == 0f) return 0f;
        return Math.Clamp(dot / norms, -1f, 1f);
    }

    /// <summary>Scales <paramref name="v"/> to unit length in place.</summary>
    /// <returns>False (leaving <paramref name="v"/> unchanged) when it is the zero vector or not finite.</returns>
    public static bool NormalizeInPlace(Span<float> v)
    {
        float norm = Norm(v);
        if (!(norm > 0f) || !float.IsFinite(norm)) return false;
        float inverse = 1f / norm;
        int i = 0;
        if (Vector.IsHardwareAccelerated && v.Length >= Vector<float>.Count)
        {
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            for (int k = 0; k < vv.Length; k++) vv[k] *= inverse;
            i = vv.Length * Vector<float>.Count;
        }
        for (; i < v.Length; i++) v[i] *= inverse;
        return true;
    }

    /// <summary>Element-wise mean of vectors of equal length.</summary>
    /// <exception cref="ArgumentException">There are no vectors, one is null, or their lengths differ.</exception>
    public static float[] Mean(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) throw new ArgumentException("The mean of no vectors is undefined.", nameof(vectors));
        int dimension = (vectors[0] ?? throw new ArgumentException("Vector 0 is null.", nameof(vectors))).Length;
        var sum = new float[dimension];
        var sumSpan = sum.AsSpan();
        for (int n = 0; n < vectors.Count; n++)
        {
            var v = vectors[n] ?? throw new ArgumentException($"Vector {n} is null.", nameof(vectors));
            if (v.Length != dimension) throw new ArgumentException($"Vector {n} has {v.Length} entries, vector 0 has {dimension}.", nameof(vectors));
            Add(sumSpan, v);
        }
        float inverse = 1f / vectors.Count;
        for (int i = 0; i < sum.Length; i++) sum[i] *= inverse;
        return sum;
    }

    /// <summary>
    /// The mean of unit-length embeddings scaled back to unit length: the direction of their
    /// centroid, itself usable as an embedding (e.g. to describe a topic by several examples).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Mean"/>, or the vectors cancel out to the zero vector.</exception>
    public static float[] NormalizedMean(IReadOnlyList<float[]> vectors)
    {
        var mean = Mean(vectors);
        if (!NormalizeInPlace(mean)) throw new ArgumentException("The vectors cancel out: their mean is the zero vector and has no direction.", nameof(vectors));
        return mean;
    }

    private static void Add(Span<float> sum, ReadOnlySpan<float> v)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && v.Length >= Vector<float>.Count)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            for (int k = 0; k < vv.Length; k++) vs[k] += vv[k];
            i = vv.Length * Vector<float>.Count;
        }
        for (; i < v.Length; i++) sum[i] += v[i];
    }

    private static void CheckSameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"The vectors have different lengths ({a.Length} and {b.Length}).");
    }
}

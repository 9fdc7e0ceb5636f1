using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// A stable name for a similarity question: 16 hex digits of a hash of the bits of its three
/// feature vectors, in order. The same question asked again (by a resumed run) gets the same key,
/// so stored answers can be matched to it across processes.
/// </summary>
public static class TripletKey
{
    /// <summary>The key of <paramref name="triplet"/>.</summary>
    public static string Of(Triplet triplet)
    {
        ArgumentNullException.ThrowIfNull(triplet);
        return Of(triplet.Reference.Features, triplet.A.Features, triplet.B.Features);
    }

    /// <summary>The key of the question <paramref name="judgment"/> answered.</summary>
    public static string Of(Judgment judgment)
    {
        ArgumentNullException.ThrowIfNull(judgment);
        return Of(judgment.Reference.Features, judgment.A.Features, judgment.B.Features);
    }

    private static string Of(double[] reference, double[] a, double[] b)
    {
        var hash = new XxHash64();
        Append(hash, reference);
        Append(hash, a);
        Append(hash, b);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    // The length goes first so that moving a value from one vector to the next changes the key.
    private static void Append(XxHash64 hash, double[] values)
    {
        hash.Append(BitConverter.GetBytes(values.Length));
        hash.Append(MemoryMarshal.AsBytes(values.AsSpan()));
    }
}

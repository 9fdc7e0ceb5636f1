using TorchSharp;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>Turns .NET arrays into tensors whose storage torch allocates.</summary>
internal static class TorchArrays
{
    /// <summary>
    /// A tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/> in memory from
    /// torch's allocator, in the caller's dispose scope.
    /// </summary>
    /// <remarks>
    /// <c>torch.tensor</c> wraps a pinned managed array, whose address (and so its alignment) depends on
    /// the state of the managed heap. Matrix products on CPU split their work by alignment, so a weight
    /// or input held there rounds differently from one run to the next; torch's allocator aligns every
    /// block alike, which keeps a seeded fit bit-for-bit reproducible.
    /// </remarks>
    public static Tensor Copy(float[] values, long[] shape, Device device)
    {
        using var wrapped = tensor(values, shape);
        return wrapped.to(device, copy: true);
    }
}

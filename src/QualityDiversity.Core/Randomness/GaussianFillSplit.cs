using QualityDiversity.Schedulers;

namespace QualityDiversity.Randomness;

/// <summary>
/// Splits one large <see cref="GaussianLanes"/> fill by ranges of blocks, over the thread pool
/// or in two with the partner thread, with the same bits as a fill on one thread.
/// </summary>
/// <remarks>
/// A part that starts at block s first steps its lanes over the 2s draws before it, which costs
/// about <see cref="SkipCost"/> of producing those blocks; later parts are shorter by that much,
/// so that all parts take about as long. The thread pool takes only fills of a few hundred
/// microseconds: below that, waking pool threads costs more than it saves. The spinning partner
/// thread hands over in microseconds and takes half of a 540 x 100-D batch, but only where it
/// has a core of its own: on two hardware threads of one core the batch got slower.
/// </remarks>
internal static unsafe class GaussianFillSplit
{
    /// <summary>Cost of stepping over a block relative to producing it (two xoshiro steps against those plus a Box–Muller pair).</summary>
    private const double SkipCost = 0.3;

    /// <summary>Fills <paramref name="destination"/> from the lanes in <paramref name="state"/> in <paramref name="parts"/> parts.</summary>
    public static void Run(Span<double> destination, ReadOnlySpan<ulong> state, GaussianKernel kernel, int parts)
    {
        var lanes = state.ToArray();
        int length = destination.Length, blocks = length / GaussianLanes.BlockLength;
        fixed (double* pinned = destination)
        {
            double* output = pinned;
            Parallel.For(0, parts, part =>
                GaussianLanes.FillBlocks(new Span<double>(output, length), lanes, FirstBlock(part, parts, blocks), FirstBlock(part + 1, parts, blocks), kernel));
        }
    }

    /// <summary>
    /// Fills in two parts, one on the calling thread and one on <paramref name="partner"/>, and
    /// hands each part's range of values [from, to) to <paramref name="afterPart"/> on the thread
    /// that filled it, while they are still in its cache; false (nothing written) if the partner is busy.
    /// </summary>
    public static bool TryRunOnPartner(Span<double> destination, ReadOnlySpan<ulong> state, GaussianKernel kernel, PartnerThread partner,
        Action<int, int>? afterPart = null)
    {
        var lanes = state.ToArray();
        int length = destination.Length, blocks = length / GaussianLanes.BlockLength;
        fixed (double* pinned = destination)
        {
            double* output = pinned;
            return partner.TryFor(2, part =>
            {
                int first = FirstBlock(part, 2, blocks), end = FirstBlock(part + 1, 2, blocks);
                GaussianLanes.FillBlocks(new Span<double>(output, length), lanes, first, end, kernel);
                // The last part also wrote the final partial block.
                afterPart?.Invoke(first * GaussianLanes.BlockLength, end == blocks ? length : end * GaussianLanes.BlockLength);
            });
        }
    }

    /// <summary>
    /// Where part <paramref name="part"/> starts: with T the work per part, part p covers
    /// T − SkipCost·s_p blocks, so s_p = T·(1 − (1 − SkipCost)^p) / SkipCost and s_parts = blocks.
    /// </summary>
    internal static int FirstBlock(int part, int parts, int blocks)
    {
        if (part >= parts) return blocks;
        double keep = 1 - SkipCost;
        double share = (1 - Math.Pow(keep, part)) / (1 - Math.Pow(keep, parts));
        return Math.Min(blocks, (int)Math.Round(blocks * share));
    }
}

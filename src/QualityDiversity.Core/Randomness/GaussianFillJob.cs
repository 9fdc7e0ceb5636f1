using QualityDiversity.Threading;

namespace QualityDiversity.Randomness;

/// <summary>
/// Splits one <see cref="GaussianLanes"/> fill over the <see cref="WorkTeam"/> by ranges of
/// blocks, with the same bits as a fill on one thread.
/// </summary>
/// <remarks>
/// A part that starts at block s first steps its lanes over the 2s draws before it, which costs
/// about <see cref="SkipCost"/> of producing those blocks; later parts are shorter by that much,
/// so that all parts take about as long.
/// </remarks>
internal sealed unsafe class GaussianFillJob : TeamJob
{
    /// <summary>Cost of stepping over a block relative to producing it (two xoshiro steps against those plus a Box–Muller pair).</summary>
    private const double SkipCost = 0.3;

    private readonly ulong[] _state = new ulong[GaussianLanes.StateWords];
    private double* _destination;
    private int _length;
    private GaussianKernel _kernel;

    /// <summary>Fills <paramref name="destination"/> from the lanes in <paramref name="state"/> in <paramref name="parts"/> parts.</summary>
    public void Run(Span<double> destination, ReadOnlySpan<ulong> state, GaussianKernel kernel, int parts)
    {
        state.CopyTo(_state);
        _kernel = kernel;
        _length = destination.Length;
        fixed (double* pinned = destination)
        {
            _destination = pinned;
            try
            {
                WorkTeam.Run(this, parts);
            }
            finally
            {
                _destination = null;
            }
        }
    }

    /// <inheritdoc />
    public override void RunPart(int part, int parts)
    {
        int blocks = _length / GaussianLanes.BlockLength;
        GaussianLanes.FillBlocks(new Span<double>(_destination, _length), _state, FirstBlock(part, parts, blocks), FirstBlock(part + 1, parts, blocks), _kernel);
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

using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Random;

/// <summary>
/// A Gaussian fill split over threads by ranges of blocks gives the bits of a fill on one thread,
/// for every part count, length and kernel, and leaves the generator in the same state.
/// </summary>
public class SplitFillTests
{
    private static readonly GaussianKernel[] Kernels =
        [GaussianKernel.Scalar, GaussianKernel.Vector128, GaussianKernel.Vector256, GaussianKernel.Vector512];

    [Theory]
    [InlineData(16)]
    [InlineData(1_000)]
    [InlineData(54_000)]
    [InlineData(54_007)]
    [InlineData(300_007)]
    public void Every_part_count_gives_the_values_of_one_part(int length)
    {
        var whole = new double[length];
        var reference = new RandomSource(42);
        reference.FillGaussian(whole, GaussianKernel.Auto, parts: 1);
        ulong next = reference.NextUInt64();
        if (length >= RandomSource.LaneFillThreshold) // shorter fills use the ziggurat
        {
            var automatic = new double[length];
            new RandomSource(42).FillGaussian(automatic); // split over the cores from 262,144 values on
            Assert.Equal(whole, automatic);
        }
        var shared = new double[length];
        var withPartner = new RandomSource(42);
        withPartner.FillGaussian(shared, GaussianKernel.Auto, parts: 1, QualityDiversity.Schedulers.PartnerThread.Shared);
        Assert.Equal(whole, shared);
        Assert.Equal(next, withPartner.NextUInt64());
        foreach (int parts in new[] { 2, 3, 4, 7 })
        {
            var split = new double[length];
            var random = new RandomSource(42);
            random.FillGaussian(split, GaussianKernel.Auto, parts);
            Assert.Equal(whole, split);
            Assert.Equal(next, random.NextUInt64());
        }
    }

    [Fact]
    public void Block_ranges_of_every_kernel_reassemble_the_whole_fill()
    {
        const int length = 16 * 37 + 5;
        var state = new ulong[GaussianLanes.StateWords];
        var seeder = new RandomSource(7);
        for (int i = 0; i < state.Length; i++) state[i] = seeder.NextUInt64();
        var whole = new double[length];
        GaussianLanes.Fill(whole, state, GaussianKernel.Scalar);
        foreach (var kernel in Kernels)
        {
            var pieces = new double[length];
            GaussianLanes.FillBlocks(pieces, state, 0, 10, kernel);
            GaussianLanes.FillBlocks(pieces, state, 10, 11, kernel);
            GaussianLanes.FillBlocks(pieces, state, 11, 37, kernel); // the last range writes the partial block
            Assert.Equal(whole, pieces);
        }
    }

    [Fact]
    public void A_range_writes_nothing_outside_itself()
    {
        var state = new ulong[GaussianLanes.StateWords];
        state.AsSpan().Fill(0x9E3779B97F4A7C15UL);
        var values = new double[16 * 8 + 3];
        Array.Fill(values, double.NaN);
        GaussianLanes.FillBlocks(values, state, 2, 5);
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(i is >= 32 and < 80, !double.IsNaN(values[i]));
    }

    [Fact]
    public void Ranges_out_of_the_buffer_are_refused()
    {
        var state = new ulong[GaussianLanes.StateWords];
        var values = new double[16 * 4];
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianLanes.FillBlocks(values, state, 3, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianLanes.FillBlocks(values, state, 3, 2));
    }

    [Theory]
    [InlineData(2, 3375)]
    [InlineData(3, 3375)]
    [InlineData(4, 100)]
    [InlineData(7, 5)]
    public void Parts_cover_the_blocks_in_order_with_later_parts_shorter(int parts, int blocks)
    {
        var starts = Enumerable.Range(0, parts + 1).Select(p => GaussianFillSplit.FirstBlock(p, parts, blocks)).ToArray();
        Assert.Equal(0, starts[0]);
        Assert.Equal(blocks, starts[parts]);
        for (int p = 0; p < parts; p++) Assert.True(starts[p] <= starts[p + 1], $"part {p} runs backwards: {string.Join(", ", starts)}");
        if (blocks >= 100)
            for (int p = 1; p < parts; p++) Assert.True(starts[p + 1] - starts[p] < starts[p] - starts[p - 1], $"part {p} is not shorter than part {p - 1}: {string.Join(", ", starts)}");
    }
}

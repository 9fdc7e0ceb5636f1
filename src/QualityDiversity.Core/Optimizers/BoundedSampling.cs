using QualityDiversity.Emitters;

namespace QualityDiversity.Optimizers;

/// <summary>
/// Box-constrained sampling by bounded resampling: rows that fall outside the box are redrawn
/// from the same distribution up to <see cref="MaxResampleRounds"/> times, and whatever is still
/// outside after that is clipped onto the box.
/// </summary>
/// <remarks>
/// pyribs resamples until every row is inside, which never terminates in practice when the box
/// is much narrower than σ in many dimensions (the chance that all n coordinates of a row land
/// inside shrinks geometrically with n). Capping the rounds keeps the distribution unchanged for
/// the common, mildly constrained case and turns the pathological one into clipping.
/// </remarks>
internal static class BoundedSampling
{
    /// <summary>Redraws per out-of-bounds row before it is clipped.</summary>
    public const int MaxResampleRounds = 10;

    /// <summary>A search distribution that can draw rows of samples into a buffer.</summary>
    public interface IRowSampler
    {
        /// <summary>Draws <paramref name="rows"/> samples, row-major, into <paramref name="destination"/>.</summary>
        void DrawRows(Span<double> destination, int rows);
    }

    /// <summary>
    /// Fills <paramref name="solutions"/> (rows of width <paramref name="dimension"/>) from
    /// <paramref name="sampler"/>, honouring <paramref name="bounds"/> as described above.
    /// <paramref name="pending"/> (one slot per row) and <paramref name="scratch"/> (as large as
    /// <paramref name="solutions"/>) are caller-owned buffers, so nothing is allocated.
    /// </summary>
    public static void Sample(IRowSampler sampler, Span<double> solutions, int dimension, SolutionBounds? bounds, Span<int> pending, Span<double> scratch)
    {
        int rows = solutions.Length / dimension;
        sampler.DrawRows(solutions, rows);
        if (bounds is null) return;
        var lower = bounds.Lower;
        var upper = bounds.Upper;
        int count = 0;
        for (int r = 0; r < rows; r++)
            if (IsOutside(solutions.Slice(r * dimension, dimension), lower, upper)) pending[count++] = r;
        for (int round = 0; round < MaxResampleRounds && count > 0; round++)
        {
            var fresh = scratch[..(count * dimension)];
            sampler.DrawRows(fresh, count);
            int still = 0;
            for (int i = 0; i < count; i++)
            {
                var row = solutions.Slice(pending[i] * dimension, dimension);
                fresh.Slice(i * dimension, dimension).CopyTo(row);
                if (IsOutside(row, lower, upper)) pending[still++] = pending[i];
            }
            count = still;
        }
        for (int i = 0; i < count; i++) bounds.Clip(solutions.Slice(pending[i] * dimension, dimension));
    }

    /// <summary>Whether any coordinate of <paramref name="row"/> lies outside [lower, upper].</summary>
    public static bool IsOutside(ReadOnlySpan<double> row, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        for (int j = 0; j < row.Length; j++)
            if (row[j] < lower[j] || row[j] > upper[j]) return true;
        return false;
    }
}

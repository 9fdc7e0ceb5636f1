using QualityDiversity.Spatial;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Rasterises a Voronoi diagram: every pixel records which centroid is nearest to its centre.</summary>
internal static class VoronoiRaster
{
    /// <summary>
    /// Returns the owning centroid of each pixel of a <paramref name="size"/> x <paramref name="size"/> raster over the bounds,
    /// row-major with row 0 at the top (largest y), as images are stored.
    /// </summary>
    public static int[] Owners(double[] xs, double[] ys, AxisRange xRange, AxisRange yRange, int size)
    {
        var points = new double[2 * xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            points[2 * i] = xs[i];
            points[2 * i + 1] = ys[i];
        }
        var index = new KdTree(points, dimension: 2);
        var owners = new int[size * size];
        double dx = xRange.Span / size, dy = yRange.Span / size;

        // Rows are independent, so spread them over cores; the index is read-only during queries.
        Parallel.For(0, size, row =>
        {
            double y = yRange.Max - (row + 0.5) * dy;
            int offset = row * size;
            Span<double> query = stackalloc double[2];
            query[1] = y;
            int hint = 0;
            for (int col = 0; col < size; col++)
            {
                query[0] = xRange.Min + (col + 0.5) * dx;
                // Neighbouring pixels usually share an owner, so the last answer is a good starting bound.
                hint = index.Nearest(query, hint, out _);
                owners[offset + col] = hint;
            }
        });
        return owners;
    }

    /// <summary>Marks pixels whose right or lower neighbour belongs to another centroid, i.e. the cell borders.</summary>
    public static bool[] Borders(int[] owners, int size)
    {
        var borders = new bool[owners.Length];
        for (int row = 0; row < size; row++)
        {
            for (int col = 0; col < size; col++)
            {
                int i = row * size + col;
                bool right = col + 1 < size && owners[i + 1] != owners[i];
                bool below = row + 1 < size && owners[i + size] != owners[i];
                borders[i] = right || below;
            }
        }

        return borders;
    }
}

using QualityDiversity.Plotting.Internal;
using QualityDiversity.Plotting.Tests.Support;

namespace QualityDiversity.Plotting.Tests;

/// <summary>The internal helpers behind the figures: nearest-centroid search and grid projection.</summary>
public class GeometryHelperTests
{
    private static int BruteForceNearest(double[] xs, double[] ys, double x, double y)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < xs.Length; i++)
        {
            double d = (xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y);
            if (d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }

        return best;
    }

    private static double Distance(double[] xs, double[] ys, int i, double x, double y) =>
        Math.Sqrt((xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Voronoi_Raster_Owners_Are_The_Nearest_Centroids(int count)
    {
        var random = new Random(count);
        double[] xs = Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();

        // Quantised y values create many ties along one axis, the case where k-d trees go wrong most easily.
        double[] ys = Enumerable.Range(0, count).Select(_ => Math.Round(random.NextDouble() * 5) / 5).ToArray();
        const int size = 64;
        var range = new AxisRange(-0.2, 1.2);
        int[] owners = VoronoiRaster.Owners(xs, ys, range, range, size);

        double step = range.Span / size;
        for (int row = 0; row < size; row++)
        {
            for (int col = 0; col < size; col++)
            {
                double x = range.Min + (col + 0.5) * step, y = range.Max - (row + 0.5) * step;
                int expected = BruteForceNearest(xs, ys, x, y);
                // Ties may resolve to a different point at the same distance.
                Assert.Equal(Distance(xs, ys, expected, x, y), Distance(xs, ys, owners[row * size + col], x, y), 12);
            }
        }
    }

    [Fact]
    public void Voronoi_Raster_Handles_Duplicate_Centroids()
    {
        var range = new AxisRange(0, 1);
        int[] owners = VoronoiRaster.Owners([0.5, 0.5, 0.5, 0.1], [0.5, 0.5, 0.5, 0.1], range, range, 10);

        Assert.Equal(3, owners[9 * 10 + 0]);          // bottom-left pixel is nearest (0.1, 0.1)
        Assert.Contains(owners[0 * 10 + 9], new[] { 0, 1, 2 }); // top-right pixel is nearest the duplicates
    }

    [Fact]
    public void Projection_Keeps_Two_Dimensional_Grids()
    {
        var data = new GridHeatmapData([[0, 1, 2], [0, 1, 2, 3]], [1, 2, 3, 4, 5, double.NaN]);

        var (columns, rows, values) = GridProjection.ToTwoAxes(data);

        Assert.Equal((2, 3), (columns, rows));
        Assert.Equal([1, 2, 3, 4, 5, double.NaN], values);
    }

    [Fact]
    public void Projection_Takes_The_Maximum_Over_Hidden_Axes_Ignoring_Empty_Cells()
    {
        // 2 x 1 x 2 x 2 cells: hidden blocks of 4 values per drawn cell.
        var data = new GridHeatmapData(
            [[0, 1, 2], [0, 1], [0, 1, 2], [0, 1, 2]],
            [double.NaN, -3, -1, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN]);

        var (columns, rows, values) = GridProjection.ToTwoAxes(data);

        Assert.Equal((2, 1), (columns, rows));
        Assert.Equal(-1, values[0]);
        Assert.True(double.IsNaN(values[1]));
    }

    [Fact]
    public void Projection_Of_One_Axis_Is_A_Single_Row()
    {
        var (columns, rows, values) = GridProjection.ToTwoAxes(new GridHeatmapData([[0, 1, 2, 3]], [3, 2, 1]));

        Assert.Equal((3, 1), (columns, rows));
        Assert.Equal([3, 2, 1], values);
    }

    [Theory]
    [InlineData(new[] { 0.0, 1, 2, 3 }, true)]
    [InlineData(new[] { -1.0, -0.6, -0.2, 0.2, 0.6, 1.0 }, true)]
    [InlineData(new[] { 0.0, 0.1, 1 }, false)]
    public void Uniform_Edges_Are_Detected(double[] edges, bool uniform) =>
        Assert.Equal(uniform, GridHeatmapFigure.IsUniform(edges));

    [Fact]
    public void Voronoi_Raster_Assigns_Each_Pixel_To_The_Nearest_Centroid()
    {
        double[][] points = SampleArchives.RandomPoints(50, 9);
        double[] xs = points.Select(p => p[0]).ToArray(), ys = points.Select(p => p[1]).ToArray();
        const int size = 40;

        int[] owners = VoronoiRaster.Owners(xs, ys, new AxisRange(-1, 1), new AxisRange(-1, 1), size);

        for (int row = 0; row < size; row += 3)
        {
            for (int col = 0; col < size; col += 3)
            {
                // Row 0 is the top of the image, i.e. the largest y.
                double x = -1 + (col + 0.5) * 2 / size, y = 1 - (row + 0.5) * 2 / size;
                Assert.Equal(BruteForceNearest(xs, ys, x, y), owners[row * size + col]);
            }
        }
    }
}

namespace QualityDiversity.Plotting.Tests.Support;

/// <summary>Small deterministic archives for the figure tests.</summary>
public static class SampleArchives
{
    public static double[] Linspace(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();

    /// <summary>A smooth objective so neighbouring cells differ and the figure has many colours.</summary>
    public static double Objective(double x, double y) => -(x * x + y * y) + 0.3 * Math.Sin(5 * x);

    /// <summary>A uniform 2-D grid over [-1, 1]^2, every fourth cell empty.</summary>
    public static GridHeatmapData Grid(int columns = 20, int rows = 15, bool empty = false)
    {
        double[] xs = Linspace(-1, 1, columns + 1), ys = Linspace(-1, 1, rows + 1);
        var values = new double[columns * rows];
        for (int i = 0; i < columns; i++)
        {
            for (int j = 0; j < rows; j++)
                values[i * rows + j] = empty || (i * rows + j) % 4 == 3 ? double.NaN : Objective(xs[i], ys[j]);
        }

        return new GridHeatmapData([xs, ys], values) { AxisLabels = ["x", "y"], Title = "grid" };
    }

    public static double[][] RandomPoints(int count, int seed, int dimensions = 2)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() * 2 - 1).ToArray())
            .ToArray();
    }

    public static CvtHeatmapData Cvt(int cells = 200, int seed = 1)
    {
        double[][] centroids = RandomPoints(cells, seed);
        double[] values = centroids.Select((c, i) => i % 5 == 0 ? double.NaN : Objective(c[0], c[1])).ToArray();
        return new CvtHeatmapData(centroids, values) { XRange = new AxisRange(-1, 1), YRange = new AxisRange(-1, 1), Title = "cvt" };
    }

    public static ScatterData Scatter(int count = 500, int seed = 2)
    {
        double[][] points = RandomPoints(count, seed);
        return new ScatterData(points, points.Select(p => Objective(p[0], p[1])).ToArray()) { Title = "scatter" };
    }

    public static CategoricalGridData Categorical() =>
        new(["walk", "trot", "gallop"], ["flat", "hill"], [1.5, 2.25, double.NaN, 4, 5.125, 6]) { AxisLabels = ["gait", "terrain"] };

    public static MetricCurvesData Metrics(int points = 50)
    {
        double[] x = Linspace(100, 10_000, points);
        double[] coverage = x.Select(e => 1 - Math.Exp(-e / 3000)).ToArray();
        double[] qd = coverage.Select(c => 400 * c).ToArray();
        return MetricCurvesData.Standard(
            x,
            qdScore: qd,
            normalizedQdScore: qd.Select(q => q / 500).ToArray(),
            coverageFraction: coverage,
            maxObjective: coverage.Select(c => 0.5 + 0.5 * c).ToArray(),
            meanObjective: coverage.Select(c => 0.3 * c).ToArray());
    }
}

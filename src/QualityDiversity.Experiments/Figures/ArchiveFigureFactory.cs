using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Export;
using QualityDiversity.Plotting;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>
/// The archive figure of a run, drawn from its exported rows: a heatmap for grid archives, a
/// Voronoi heatmap for CVT archives, a scatter for proximity, dominated-novelty and sliding-boundaries archives (whose cells move) and a labelled grid for
/// categorical archives; colour is the elite's objective.
/// </summary>
internal static class ArchiveFigureFactory
{
    /// <summary>Builds the figure of <paramref name="table"/>, an export of the archive that <paramref name="config"/> reports.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <param name="table">The exported elites.</param>
    /// <param name="centroids">CVT centroids (row-major) when already at hand; otherwise they are regenerated from the configuration.</param>
    public static Plot Create(SearchConfig config, ArchiveCsvTable<double> table, double[]? centroids = null)
    {
        var archive = config.ReportedArchive;
        // A learned-measure search exports its archive re-scored in the task's own measures.
        string title = config.Measures is null
            ? $"{config.Name}: {table.Rows.Count:N0} elites"
            : $"{config.Name}: {table.Rows.Count:N0} elites, in ground-truth measures";
        var names = ConfigResolver.CreateTask(config.Task).MeasureNames;
        string[] labels = names.Count == table.MeasureDim && names.Count >= 2
            ? names.ToArray()
            : Enumerable.Range(0, Math.Max(2, table.MeasureDim)).Select(i => i < names.Count ? names[i] : $"measure {i}").ToArray();
        switch (archive)
        {
            case GridArchiveConfig grid:
            {
                var axes = ArchiveFactory.GridAxes(grid with { Ranges = grid.Ranges ?? TaskRanges(config) });
                var values = CellValues(axes.Aggregate(1, (cells, axis) => cells * axis.Bins), table);
                var data = new GridHeatmapData(axes.Select(a => a.Edges.ToArray()).ToArray(), values) { Title = title, AxisLabels = labels };
                return ArchiveFigures.Grid(data);
            }
            case CvtArchiveConfig cvt:
            {
                var ranges = cvt.Ranges ?? TaskRanges(config);
                centroids ??= CvtCentroids.Generate(cvt.Cells, ranges.Select(r => (r.Low, r.High)).ToArray(), cvt.Samples, cvt.CentroidsSeed ?? config.Seed);
                int d = ranges.Length;
                var rows = Enumerable.Range(0, centroids.Length / d).Select(i => centroids.AsSpan(i * d, d).ToArray()).ToArray();
                var data = new CvtHeatmapData(rows, CellValues(rows.Length, table))
                {
                    Title = title,
                    AxisLabels = labels,
                    XRange = new AxisRange(ranges[0].Low, ranges[0].High),
                    YRange = d > 1 ? new AxisRange(ranges[1].Low, ranges[1].High) : null,
                };
                return ArchiveFigures.Cvt(data);
            }
            case ProximityArchiveConfig or DominatedNoveltyArchiveConfig or SlidingBoundariesArchiveConfig:
            {
                var ranges = TaskRanges(config);
                var data = new ScatterData(table.Rows.Select(r => r.Measures).ToArray(), table.Rows.Select(r => r.Objective).ToArray())
                {
                    Title = title,
                    AxisLabels = labels,
                    XRange = new AxisRange(ranges[0].Low, ranges[0].High),
                    YRange = ranges.Length > 1 ? new AxisRange(ranges[1].Low, ranges[1].High) : null,
                };
                return ArchiveFigures.Scatter(data);
            }
            case CategoricalArchiveConfig categorical:
                return ArchiveFigures.Categorical(CategoricalData(categorical, table, title, labels));
            default:
                throw new InvalidOperationException($"No figure is defined for archive type '{archive.Type}'.");
        }
    }

    // One value per cell (NaN when empty), from rows whose index is the cell.
    private static double[] CellValues(int cells, ArchiveCsvTable<double> table)
    {
        try
        {
            return ArchiveFigures.CellValues(cells, table.Rows.Select(r => r.Index).ToArray(), table.Rows.Select(r => r.Objective).ToArray());
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"archive.csv does not fit the configured archive: {e.Message}");
        }
    }

    private static CategoricalGridData CategoricalData(CategoricalArchiveConfig config, ArchiveCsvTable<double> table, string title, string[] labels)
    {
        int cells = config.Labels.Aggregate(1, (n, axis) => n * axis.Length);
        return CategoricalGridData.FromCells(config.Labels, CellValues(cells, table)) with { Title = title, AxisLabels = labels };
    }

    private static ValueRange[] TaskRanges(SearchConfig config) => ConfigResolver.TaskRanges(ConfigResolver.CreateTask(config.Task));
}

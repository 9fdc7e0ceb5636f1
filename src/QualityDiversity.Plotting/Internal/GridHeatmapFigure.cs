using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws <see cref="GridHeatmapData"/>: one raster for uniform bins, one rectangle per cell otherwise.</summary>
internal static class GridHeatmapFigure
{
    // A 1-D archive is drawn as one row spanning this dummy y range.
    private static readonly double[] SingleRowEdges = [0.0, 1.0];

    /// <summary>Outlines help up to this many bins per axis; beyond it they swamp the cells.</summary>
    public const int MaxBinsForBorders = 32;

    public static Plot Build(GridHeatmapData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        var (columns, rows, values) = GridProjection.ToTwoAxes(data);
        double[] xEdges = data.BinEdges[0];
        double[] yEdges = data.BinEdges.Length > 1 ? data.BinEdges[1] : SingleRowEdges;
        string? yLabel = data.BinEdges.Length > 1 ? FigureStyle.AxisLabel(data.AxisLabels, 1) : null;
        return Draw(xEdges, yEdges, values, ColorMapping.Create(scale, values), FigureStyle.AxisLabel(data.AxisLabels, 0), yLabel, data.Title,
            data.CellBorders ?? false);
    }

    /// <summary>
    /// Draws cells between the edges (which may repeat: a zero-width bin is not drawn), values
    /// indexed [x * rows + y]. A null <paramref name="yLabel"/> marks a single row without a y axis.
    /// </summary>
    public static Plot Draw(double[] xEdges, double[] yEdges, double[] values, ColorMapping colors, string xLabel, string? yLabel, string? title, bool borders)
    {
        int columns = xEdges.Length - 1, rows = yEdges.Length - 1;
        var extent = new CoordinateRect(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);
        var plot = new Plot();
        if (IsUniform(xEdges) && IsUniform(yEdges))
            AddRaster(plot, columns, rows, values, colors, extent);
        else
            AddRectangles(plot, xEdges, yEdges, values, colors);
        if (borders) AddBorders(plot, xEdges, yEdges);

        FigureStyle.SetExactLimits(plot, extent);
        plot.HideGrid();
        plot.XLabel(xLabel);
        if (yLabel is not null)
        {
            plot.YLabel(yLabel);
        }
        else
        {
            // The y axis of a single row carries no meaning, so show no ticks.
            plot.Axes.Left.TickGenerator = new NumericManual();
        }

        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, title);
        return plot;
    }

    /// <summary>Edges are uniform when every bin width matches the mean width up to rounding noise.</summary>
    internal static bool IsUniform(double[] edges)
    {
        double width = (edges[^1] - edges[0]) / (edges.Length - 1);
        for (int i = 1; i < edges.Length; i++)
        {
            if (Math.Abs(edges[i] - edges[i - 1] - width) > width * 1e-6)
                return false;
        }

        return true;
    }

    private static void AddRaster(Plot plot, int columns, int rows, double[] values, ColorMapping colors, CoordinateRect extent)
    {
        var pixels = new SKColor[columns * rows];
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++)
            {
                // Image rows run top-down while the y axis runs bottom-up.
                pixels[(rows - 1 - y) * columns + x] = colors.ColorOf(values[x * rows + y]).ToSKColor();
            }
        }

        RasterLayer.Add(plot, pixels, columns, rows, extent);
    }

    private static void AddRectangles(Plot plot, double[] xEdges, double[] yEdges, double[] values, ColorMapping colors)
    {
        int rows = yEdges.Length - 1;
        for (int x = 0; x < xEdges.Length - 1; x++)
        {
            if (!(xEdges[x + 1] > xEdges[x])) continue;
            for (int y = 0; y < rows; y++)
            {
                if (!(yEdges[y + 1] > yEdges[y])) continue;
                Color fill = colors.ColorOf(values[x * rows + y]);
                Rectangle cell = plot.Add.Rectangle(xEdges[x], xEdges[x + 1], yEdges[y], yEdges[y + 1]);
                cell.FillColor = fill;

                // An outline in the fill colour hides anti-aliasing seams between neighbouring cells.
                cell.LineColor = fill;
                cell.LineWidth = 1;
            }
        }
    }

    /// <summary>White lines along every inner bin edge, so neighbouring cells of similar colour stay apart.</summary>
    private static void AddBorders(Plot plot, double[] xEdges, double[] yEdges)
    {
        for (int i = 1; i < xEdges.Length - 1; i++)
            Border(plot.Add.Line(xEdges[i], yEdges[0], xEdges[i], yEdges[^1]));
        for (int i = 1; i < yEdges.Length - 1; i++)
            Border(plot.Add.Line(xEdges[0], yEdges[i], xEdges[^1], yEdges[i]));
    }

    private static void Border(LinePlot line)
    {
        line.LineColor = Colors.White;
        line.LineWidth = 1;
    }
}

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

    public static Plot Build(GridHeatmapData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        var (columns, rows, values) = GridProjection.ToTwoAxes(data);
        double[] xEdges = data.BinEdges[0];
        double[] yEdges = data.BinEdges.Length > 1 ? data.BinEdges[1] : SingleRowEdges;
        ColorMapping colors = ColorMapping.Create(scale, values);
        var extent = new CoordinateRect(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);

        var plot = new Plot();
        if (IsUniform(xEdges) && IsUniform(yEdges))
            AddRaster(plot, columns, rows, values, colors, extent);
        else
            AddRectangles(plot, xEdges, yEdges, values, colors);

        FigureStyle.SetExactLimits(plot, extent);
        plot.HideGrid();
        plot.XLabel(FigureStyle.AxisLabel(data.AxisLabels, 0));
        if (data.BinEdges.Length > 1)
        {
            plot.YLabel(FigureStyle.AxisLabel(data.AxisLabels, 1));
        }
        else
        {
            // The y axis of a single row carries no meaning, so show no ticks.
            plot.Axes.Left.TickGenerator = new NumericManual();
        }

        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
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
            for (int y = 0; y < rows; y++)
            {
                Color fill = colors.ColorOf(values[x * rows + y]);
                Rectangle cell = plot.Add.Rectangle(xEdges[x], xEdges[x + 1], yEdges[y], yEdges[y + 1]);
                cell.FillColor = fill;

                // An outline in the fill colour hides anti-aliasing seams between neighbouring cells.
                cell.LineColor = fill;
                cell.LineWidth = 1;
            }
        }
    }
}

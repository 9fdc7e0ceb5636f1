using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws <see cref="CvtHeatmapData"/> as a rasterised Voronoi diagram coloured by cell value.</summary>
internal static class CvtHeatmapFigure
{
    // Borders only help when cells are large enough for a one-pixel line not to swamp them.
    private const double MinCellPixelsForBorders = 64;

    public static Plot Build(CvtHeatmapData data, ColorScale? scale, int rasterSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        var (xs, ys) = DataChecks.FirstTwoCoordinates(data.Centroids, nameof(data.Centroids));
        AxisRange xRange = data.XRange ?? FigureStyle.Fit(xs);
        AxisRange yRange = data.YRange ?? FigureStyle.Fit(ys);
        ColorMapping colors = ColorMapping.Create(scale, data.Values);

        int[] owners = VoronoiRaster.Owners(xs, ys, xRange, yRange, rasterSize);
        SKColor[] cellColors = data.Values.Select(v => colors.ColorOf(v).ToSKColor()).ToArray();
        var pixels = new SKColor[owners.Length];
        if (data.CellBorders ?? (double)owners.Length / xs.Length >= MinCellPixelsForBorders)
        {
            bool[] borders = VoronoiRaster.Borders(owners, rasterSize);
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = borders[i] ? Darken(cellColors[owners[i]]) : cellColors[owners[i]];
        }
        else
        {
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = cellColors[owners[i]];
        }

        var plot = new Plot();
        var extent = new CoordinateRect(xRange.Min, xRange.Max, yRange.Min, yRange.Max);
        RasterLayer.Add(plot, pixels, rasterSize, rasterSize, extent);
        FigureStyle.SetExactLimits(plot, extent);
        plot.HideGrid();
        plot.XLabel(FigureStyle.AxisLabel(data.AxisLabels, 0));
        plot.YLabel(FigureStyle.AxisLabel(data.AxisLabels, 1));
        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }

    private static SKColor Darken(SKColor c) =>
        new((byte)(c.Red * 0.45), (byte)(c.Green * 0.45), (byte)(c.Blue * 0.45), c.Alpha);
}

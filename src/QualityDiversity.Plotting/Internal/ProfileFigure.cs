using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Draws <see cref="ProfileData"/>: the measure on x, the value on y; each filled bin a bar of its
/// value across the bin, each elite a dot at its own measure, and a strip below that shows which
/// bins are filled (grey: empty).
/// </summary>
internal static class ProfileFigure
{
    private const int MaxBinsForBorders = 40;

    public static Plot Build(ProfileData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        double[] colored = data.BinValues is null ? data.Values : [.. data.Values, .. data.BinValues];
        ColorMapping colors = ColorMapping.Create(scale, colored);
        var plot = new Plot();

        // The value range sets the y axis; the strip of bins sits below it.
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in colored)
        {
            if (double.IsNaN(v)) continue;
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        if (low > high) (low, high) = (0, 1);
        double span = high > low ? high - low : Math.Max(1, Math.Abs(high));
        double top = high + 0.08 * span, bottom = low - 0.08 * span, valuesBottom = bottom;

        AxisRange xRange = data.XRange
            ?? (data.BinEdges is { } e ? new AxisRange(e[0], e[^1]) : data.Positions.Length > 0 ? FigureStyle.Fit(data.Positions) : new AxisRange(0, 1));

        if (data.BinEdges is { } edges && data.BinValues is { } binValues)
        {
            double stripTop = bottom, stripBottom = bottom - 0.07 * span;
            bottom = stripBottom;
            if (data.CellBorders ?? edges.Length - 1 <= MaxBinsForBorders)
            {
                foreach (double edge in edges)
                {
                    LinePlot line = plot.Add.Line(edge, stripBottom, edge, top);
                    line.LineColor = Colors.Black.WithAlpha(0.12);
                    line.LineWidth = 1;
                }
            }
            AddStrip(plot, edges, binValues, colors, stripBottom, stripTop);
            AddBars(plot, edges, binValues, colors);
        }

        // Dots in ascending value order, so the best elites lie on top.
        int[] order = Enumerable.Range(0, data.Values.Length).OrderBy(i => data.Values[i]).ToArray();
        var dots = new ColoredDots(
            order.Select(i => new Coordinates(data.Positions[i], data.Values[i])).ToArray(),
            order.Select(i => colors.ColorOf(data.Values[i])).ToArray(), 7f, Colors.Black.WithAlpha(0.6));
        plot.Add.Plottable(dots);

        plot.Axes.SetLimits(xRange.Min, xRange.Max, bottom, top);

        // Ticks only along the values, not beside the strip of bins.
        double[] ticks = FigureStyle.NiceTicks(valuesBottom, top);
        plot.Axes.Left.TickGenerator = new NumericManual(ticks, ticks.Select(t => t.ToString("G6", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel(data.XLabel ?? FigureStyle.AxisLabel(null, 0));
        plot.YLabel(colors.Label);
        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }

    // Each filled bin: a thick bar of its colour at its value, spanning the bin.
    private static void AddBars(Plot plot, double[] edges, double[] values, ColorMapping colors)
    {
        var lines = new List<Coordinates[]>();
        var lineColors = new List<Color>();
        for (int b = 0; b < values.Length; b++)
        {
            if (double.IsNaN(values[b]) || !(edges[b + 1] > edges[b])) continue;
            lines.Add([new Coordinates(edges[b], values[b]), new Coordinates(edges[b + 1], values[b])]);
            lineColors.Add(colors.ColorOf(values[b]));
        }
        plot.Add.Plottable(new ColoredPolylines([.. lines], [.. lineColors], 3f));
    }

    // One rectangle per bin below the profile: its colour when filled, grey when empty.
    private static void AddStrip(Plot plot, double[] edges, double[] values, ColorMapping colors, double bottom, double top)
    {
        for (int b = 0; b < values.Length; b++)
        {
            if (!(edges[b + 1] > edges[b])) continue;
            Color fill = colors.ColorOf(values[b]);
            Rectangle cell = plot.Add.Rectangle(edges[b], edges[b + 1], bottom, top);
            cell.FillColor = fill;
            cell.LineColor = fill;
            cell.LineWidth = 1;
        }
        Text label = plot.Add.Text("bins (grey: empty)", edges[0], top);
        label.LabelAlignment = Alignment.LowerLeft;
        label.LabelFontSize = 11;
        label.LabelFontColor = Colors.Black.WithAlpha(0.7);
        label.OffsetX = 3;
    }
}

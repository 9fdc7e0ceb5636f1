using ScottPlot;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws <see cref="ScatterData"/> as markers coloured by value.</summary>
internal static class ScatterFigure
{
    public static Plot Build(ScatterData data, ColorScale? scale, float markerSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();
        if (!(markerSize > 0))
            throw new ArgumentOutOfRangeException(nameof(markerSize), markerSize, "Marker size must be positive.");

        var (xs, ys) = DataChecks.FirstTwoCoordinates(data.Points, nameof(data.Points));
        ColorMapping colors = ColorMapping.Create(scale, data.Values);
        var plot = new Plot();

        // Drawing in ascending value order puts the best points on top; NaN sorts first, so empty points sit at the bottom.
        int[] order = Enumerable.Range(0, xs.Length).OrderBy(i => data.Values[i]).ToArray();

        // One Markers plottable per run of equal colour keeps the plottable count near the colormap's
        // resolution (256) instead of one per point.
        int start = 0;
        while (start < order.Length)
        {
            Color color = colors.ColorOf(data.Values[order[start]]);
            int end = start + 1;
            while (end < order.Length && colors.ColorOf(data.Values[order[end]]) == color)
                end++;
            Coordinates[] run = order[start..end].Select(i => new Coordinates(xs[i], ys[i])).ToArray();
            plot.Add.Markers(run, MarkerShape.FilledCircle, markerSize, color);
            start = end;
        }

        if (data.XRange is { } xr)
            plot.Axes.SetLimitsX(xr.Min, xr.Max);
        if (data.YRange is { } yr)
            plot.Axes.SetLimitsY(yr.Min, yr.Max);
        plot.XLabel(FigureStyle.AxisLabel(data.AxisLabels, 0));
        plot.YLabel(FigureStyle.AxisLabel(data.AxisLabels, 1));
        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }
}

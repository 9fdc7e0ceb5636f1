using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Draws <see cref="ParallelAxesData"/>: axis i at x = i, each measure scaled so its range runs
/// from the bottom to the top of its axis, whose ends are labelled with the range's values.
/// </summary>
internal static class ParallelAxesFigure
{
    public static Plot Build(ParallelAxesData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        int d = data.Dimension;
        AxisRange[] ranges = data.Ranges ?? Enumerable.Range(0, d).Select(k => FitAxis(data.Points, k)).ToArray();
        ColorMapping colors = ColorMapping.Create(scale, data.Values);
        var plot = new Plot();

        // Ascending value order draws the best elites last, on top; many lines are drawn fainter so density shows.
        int[] order = Enumerable.Range(0, data.Points.Length).OrderBy(i => data.Values[i]).ToArray();
        double alpha = data.Points.Length > 500 ? 0.45 : 0.85;
        var lines = order.Select(i => Enumerable.Range(0, d)
            .Select(k => new Coordinates(k, (data.Points[i][k] - ranges[k].Min) / ranges[k].Span)).ToArray()).ToArray();
        plot.Add.Plottable(new ColoredPolylines(lines, order.Select(i => colors.ColorOf(data.Values[i]).WithAlpha(alpha)).ToArray(), 1.3f));

        for (int k = 0; k < d; k++)
        {
            LinePlot axis = plot.Add.Line(k, 0, k, 1);
            axis.LineColor = Colors.Black;
            axis.LineWidth = 1.5f;
            EndLabel(plot, ranges[k].Max, k, 1, Alignment.LowerCenter);
            EndLabel(plot, ranges[k].Min, k, 0, Alignment.UpperCenter);
        }

        string[] names = Enumerable.Range(0, d).Select(k => Wrap(FigureStyle.AxisLabel(data.AxisLabels, k))).ToArray();
        plot.Axes.Bottom.TickGenerator = new NumericManual(Enumerable.Range(0, d).Select(k => (double)k).ToArray(), names);
        plot.Axes.Left.TickGenerator = new NumericManual();
        plot.Axes.SetLimits(-0.35, d - 1 + 0.35, -0.1, 1.1);
        plot.HideGrid();
        plot.XLabel("measures");
        plot.YLabel("position in each measure's range");
        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }

    private static AxisRange FitAxis(double[][] points, int axis)
    {
        if (points.Length == 0) return new AxisRange(0, 1);
        double min = points.Min(p => p[axis]), max = points.Max(p => p[axis]);
        return max > min ? new AxisRange(min, max) : new AxisRange(min - 0.5, max + 0.5);
    }

    private static void EndLabel(Plot plot, double value, double x, double y, Alignment alignment)
    {
        Text text = plot.Add.Text(value.ToString("G4", CultureInfo.InvariantCulture), x, y);
        text.LabelAlignment = alignment;
        text.LabelFontSize = 11;
        text.OffsetY = alignment == Alignment.LowerCenter ? -2 : 2;
    }

    /// <summary>Breaks a long axis name at its middle space so neighbouring names do not overlap.</summary>
    internal static string Wrap(string name)
    {
        if (name.Length <= 16) return name;
        int middle = name.Length / 2, best = -1;
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == ' ' && (best < 0 || Math.Abs(i - middle) < Math.Abs(best - middle))) best = i;
        }
        return best < 0 ? name : name[..best] + "\n" + name[(best + 1)..];
    }
}

using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Draws <see cref="Projection3DData"/>: an orthographic view of the box of the three measure
/// ranges, its three labelled edges carrying the measures' names and end values, and the
/// elites as dots, farther ones first.
/// </summary>
internal static class Projection3DFigure
{
    // The box is the unit cube centred on the origin; a label sits this far outside its edge.
    private const double LabelOffset = 0.16, TickOffset = 0.07;

    public static Plot Build(Projection3DData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        AxisRange[] ranges = data.Ranges ?? Enumerable.Range(0, 3).Select(k => Fit(data.Points, k)).ToArray();
        var view = new View(data.Azimuth, data.Elevation);
        ColorMapping colors = ColorMapping.Create(scale, data.Values);
        var plot = new Plot();

        DrawBox(plot, view);
        if (data.EmptyPoints is { Length: > 0 } empty)
        {
            var dots = empty.Select(p => view.Screen(Normalise(p, ranges))).ToArray();
            plot.Add.Plottable(new ColoredDots(dots, Enumerable.Repeat(ColorMapping.EmptyColor, dots.Length).ToArray(), 3f));
        }

        // Farther points first, so nearer ones cover them as they would in space.
        var normalised = data.Points.Select(p => Normalise(p, ranges)).ToArray();
        int[] order = Enumerable.Range(0, normalised.Length).OrderByDescending(i => view.Depth(normalised[i])).ToArray();
        plot.Add.Plottable(new ColoredDots(order.Select(i => view.Screen(normalised[i])).ToArray(),
            order.Select(i => colors.ColorOf(data.Values[i])).ToArray(), 7f, Colors.Black.WithAlpha(0.5)));

        LabelAxes(plot, view, ranges, data.AxisLabels);

        plot.Axes.Frame(false);
        plot.Axes.Bottom.TickGenerator = new NumericManual();
        plot.Axes.Left.TickGenerator = new NumericManual();
        plot.HideGrid();
        plot.Axes.SetLimits(-1.0, 1.0, -0.9, 0.9);
        plot.Axes.SquareUnits();
        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }

    private static AxisRange Fit(double[][] points, int axis)
    {
        if (points.Length == 0) return new AxisRange(0, 1);
        double min = points.Min(p => p[axis]), max = points.Max(p => p[axis]);
        return max > min ? new AxisRange(min, max) : new AxisRange(min - 0.5, max + 0.5);
    }

    private static (double X, double Y, double Z) Normalise(double[] p, AxisRange[] r) =>
        ((p[0] - r[0].Min) / r[0].Span - 0.5, (p[1] - r[1].Min) / r[1].Span - 0.5, (p[2] - r[2].Min) / r[2].Span - 0.5);

    private static void DrawBox(Plot plot, View view)
    {
        foreach (var (a, b) in Edges())
        {
            LinePlot line = plot.Add.Line(view.Screen(a), view.Screen(b));
            line.LineColor = Colors.Black.WithAlpha(0.25);
            line.LineWidth = 1;
        }
    }

    // The 12 edges of the cube [-0.5, 0.5]^3: corner pairs that differ in one coordinate.
    private static IEnumerable<((double, double, double) A, (double, double, double) B)> Edges()
    {
        double[] s = [-0.5, 0.5];
        foreach (double u in s)
        {
            foreach (double v in s)
            {
                yield return ((-0.5, u, v), (0.5, u, v));
                yield return ((u, -0.5, v), (u, 0.5, v));
                yield return ((u, v, -0.5), (u, v, 0.5));
            }
        }
    }

    /// <summary>
    /// Labels the bottom edge of x and of y nearest the viewer and the leftmost vertical edge
    /// for z, each with the measure's name at its middle and its range's values at its ends.
    /// </summary>
    private static void LabelAxes(Plot plot, View view, AxisRange[] ranges, string[]? labels)
    {
        double bottom = view.Elevation >= 0 ? -0.5 : 0.5;
        double ySide = view.Depth((0, -0.5, bottom)) < view.Depth((0, 0.5, bottom)) ? -0.5 : 0.5;
        double xSide = view.Depth((-0.5, 0, bottom)) < view.Depth((0.5, 0, bottom)) ? -0.5 : 0.5;
        (double, double)[] verticals = [(-0.5, -0.5), (-0.5, 0.5), (0.5, -0.5), (0.5, 0.5)];
        var (zx, zy) = verticals.MinBy(c => view.Screen((c.Item1, c.Item2, 0)).X);

        LabelEdge(plot, view, (-0.5, ySide, bottom), (0.5, ySide, bottom), ranges[0], FigureStyle.AxisLabel(labels, 0));
        LabelEdge(plot, view, (xSide, -0.5, bottom), (xSide, 0.5, bottom), ranges[1], FigureStyle.AxisLabel(labels, 1));
        LabelEdge(plot, view, (zx, zy, -0.5), (zx, zy, 0.5), ranges[2], FigureStyle.AxisLabel(labels, 2));
    }

    private static void LabelEdge(Plot plot, View view, (double X, double Y, double Z) start, (double X, double Y, double Z) end, AxisRange range, string name)
    {
        Coordinates a = view.Screen(start), b = view.Screen(end);
        LinePlot edge = plot.Add.Line(a, b);
        edge.LineColor = Colors.Black;
        edge.LineWidth = 1.5f;
        // Labels sit off the edge on the side away from the box's centre; the end values sit a little
        // inside the ends, so the values of two edges that meet at a corner do not overlap.
        double dx = b.X - a.X, dy = b.Y - a.Y, length = Math.Sqrt(dx * dx + dy * dy);
        var middle = new Coordinates((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        double nx = -dy / length, ny = dx / length;
        if (nx * middle.X + ny * middle.Y < 0) (nx, ny) = (-nx, -ny);
        Coordinates Off(double t, double distance) => new(a.X + dx * t + nx * distance, a.Y + dy * t + ny * distance);
        Label(plot, Off(0.5, LabelOffset), ParallelAxesFigure.Wrap(name), 13, bold: true);
        Label(plot, Off(0.06, TickOffset), range.Min.ToString("G4", CultureInfo.InvariantCulture), 11, bold: false);
        Label(plot, Off(0.94, TickOffset), range.Max.ToString("G4", CultureInfo.InvariantCulture), 11, bold: false);
    }

    private static void Label(Plot plot, Coordinates at, string text, float size, bool bold)
    {
        Text label = plot.Add.Text(text, at);
        label.LabelAlignment = Alignment.MiddleCenter;
        label.LabelFontSize = size;
        label.LabelBold = bold;
    }

    /// <summary>An orthographic camera turned by the azimuth about the vertical axis and raised by the elevation.</summary>
    private readonly struct View(double azimuthDegrees, double elevationDegrees)
    {
        private readonly double _cosA = Math.Cos(azimuthDegrees * Math.PI / 180), _sinA = Math.Sin(azimuthDegrees * Math.PI / 180);
        private readonly double _cosE = Math.Cos(elevationDegrees * Math.PI / 180), _sinE = Math.Sin(elevationDegrees * Math.PI / 180);

        public double Elevation { get; } = elevationDegrees;

        public Coordinates Screen((double X, double Y, double Z) p)
        {
            double x1 = p.X * _cosA - p.Y * _sinA, y1 = p.X * _sinA + p.Y * _cosA;
            return new Coordinates(x1, p.Z * _cosE + y1 * _sinE);
        }

        /// <summary>Distance along the line of sight: larger is farther from the viewer.</summary>
        public double Depth((double X, double Y, double Z) p)
        {
            double y1 = p.X * _sinA + p.Y * _cosA;
            return y1 * _cosE - p.Z * _sinE;
        }
    }
}

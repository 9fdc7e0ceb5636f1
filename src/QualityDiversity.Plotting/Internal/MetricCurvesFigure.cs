using ScottPlot;
using ScottPlot.MultiplotLayouts;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Draws <see cref="MetricCurvesData"/>: one subplot per panel, its series as lines with their
/// spread bands, the event markers as dashed vertical lines, and the figure title above all.
/// </summary>
internal static class MetricCurvesFigure
{
    // Markers make sparse curves readable but clutter dense ones.
    private const int MaxPointsWithMarkers = 30;

    // Past this many entries a legend inside the panel hides the curves, so it moves to the panel's right.
    private const int MaxLegendEntriesInside = 4;

    // One colour per series by its place in its panel, so a name keeps its colour across panels
    // (taking colours from the plot's running palette would let the bands use some up).
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static TitledMultiplot Build(MetricCurvesData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        IReadOnlyList<string> panels = data.Panels;
        var figure = new TitledMultiplot { Title = data.Title is null ? null : FigureStyle.TwoLines(data.Title) };
        figure.AddPlots(panels.Count); // "total" count: Multiplot starts with one plot already

        // Up to three panels stack as rows; more fill a two-column grid (e.g. 2 x 2 for the standard metrics).
        figure.Layout = panels.Count <= 3
            ? new Rows()
            : new Grid((panels.Count + 1) / 2, 2);

        for (int p = 0; p < panels.Count; p++)
        {
            Plot plot = figure.GetPlot(p);
            MetricSeries[] series = data.Series.Where(s => s.PanelTitle == panels[p]).ToArray();
            for (int i = 0; i < series.Length; i++)
                AddCurve(plot, data.X, series[i], Palette.GetColor(i));
            bool marked = AddMarkers(plot, data);

            // A legend only helps to tell several curves (or curves and markers) apart; a lone curve is named by the panel title.
            int entries = series.Length + (marked ? 1 : 0);
            if (entries > MaxLegendEntriesInside)
                plot.ShowLegend(Edge.Right);
            else if (entries > 1)
                plot.ShowLegend(Alignment.LowerRight);
            else
                plot.HideLegend();
            plot.XLabel(data.XLabel ?? string.Empty);
            plot.YLabel(data.YLabelOf(panels[p]));
            FigureStyle.Finish(plot, panels[p]);
        }

        return figure;
    }

    private static void AddCurve(Plot plot, double[] x, MetricSeries series, Color color)
    {
        // Non-finite entries (e.g. the objective of an empty archive) are dropped rather than drawn as spikes.
        int[] keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(series.Values[i])).ToArray();
        if (keep.Length == 0)
            return;

        var curve = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => series.Values[i]).ToArray(), color);
        curve.LegendText = series.Name;
        curve.LineWidth = 2;
        curve.MarkerSize = keep.Length <= MaxPointsWithMarkers ? 5 : 0;

        if (series.Spread is { } spread)
        {
            int[] banded = keep.Where(i => double.IsFinite(spread[i])).ToArray();
            if (banded.Length > 1)
            {
                var band = plot.Add.FillY(banded.Select(i => x[i]).ToArray(),
                    banded.Select(i => series.Values[i] - spread[i]).ToArray(),
                    banded.Select(i => series.Values[i] + spread[i]).ToArray());
                band.FillColor = curve.Color.WithAlpha(0.2);
                band.LineWidth = 0;
                band.LegendText = string.Empty;
                plot.MoveToBack(band);
            }
        }
    }

    /// <summary>One dashed line per marker inside the panel's x range; the first carries the legend text.</summary>
    private static bool AddMarkers(Plot plot, MetricCurvesData data)
    {
        if (data.Markers is not { Length: > 0 } markers) return false;
        bool first = true;
        foreach (double m in markers)
        {
            var line = plot.Add.VerticalLine(m, 1.2f, Colors.Black.WithAlpha(0.45), LinePattern.Dashed);
            line.LegendText = first ? data.MarkerLabel : string.Empty;
            first = false;
        }
        return true;
    }
}

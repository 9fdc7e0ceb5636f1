using ScottPlot;
using ScottPlot.MultiplotLayouts;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws <see cref="MetricCurvesData"/>: one subplot per panel, its series as lines.</summary>
internal static class MetricCurvesFigure
{
    // Markers make sparse curves readable but clutter dense ones.
    private const int MaxPointsWithMarkers = 30;

    public static Multiplot Build(MetricCurvesData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        IReadOnlyList<string> panels = data.Panels;
        var figure = new Multiplot();
        figure.AddPlots(panels.Count); // "total" count: Multiplot starts with one plot already

        // Up to three panels stack as rows; more fill a two-column grid (e.g. 2 x 2 for the standard metrics).
        figure.Layout = panels.Count <= 3
            ? new Rows()
            : new Grid((panels.Count + 1) / 2, 2);

        for (int p = 0; p < panels.Count; p++)
        {
            Plot plot = figure.GetPlot(p);
            MetricSeries[] series = data.Series.Where(s => s.PanelTitle == panels[p]).ToArray();
            foreach (MetricSeries s in series)
                AddCurve(plot, data.X, s);

            // A legend only helps to tell several curves apart; a lone curve is named by the panel title.
            if (series.Length > 1)
                plot.ShowLegend(Alignment.LowerRight);
            else
                plot.HideLegend();
            plot.XLabel(data.XLabel ?? string.Empty);
            FigureStyle.Finish(plot, panels[p]);
        }

        return figure;
    }

    private static void AddCurve(Plot plot, double[] x, MetricSeries series)
    {
        // Non-finite entries (e.g. the objective of an empty archive) are dropped rather than drawn as spikes.
        int[] keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(series.Values[i])).ToArray();
        if (keep.Length == 0)
            return;

        var curve = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => series.Values[i]).ToArray());
        curve.LegendText = series.Name;
        curve.LineWidth = 2;
        curve.MarkerSize = keep.Length <= MaxPointsWithMarkers ? 5 : 0;
    }
}

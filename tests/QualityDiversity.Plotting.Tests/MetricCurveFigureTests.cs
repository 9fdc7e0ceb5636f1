using QualityDiversity.Plotting.Internal;
using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;
using ScottPlot.Plottables;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Metric curves: labelled y axes, event markers, mean ± std bands and the figure title.</summary>
public sealed class MetricCurveFigureTests
{
    [Fact]
    public void Mean_of_runs_is_the_mean_with_the_sample_standard_deviation_skipping_missing_values()
    {
        var series = MetricSeries.MeanOf("QDHF", [[1, 2, double.NaN], [3, 2, 5], [5, 2, 7]]);

        Assert.Equal([3, 2, 6], series.Values);
        Assert.Equal([2, 0, Math.Sqrt(2)], series.Spread!);
        Assert.Equal(3, series.Runs);
        Assert.Null(MetricSeries.MeanOf("one", [[1, 2]]).Spread);
        var error = Assert.Throws<ArgumentException>(() => MetricSeries.MeanOf("bad", [[1, 2], [1]]));
        Assert.Contains("runs[1] has 1 values", error.Message);
    }

    [Fact]
    public void Panels_label_their_y_axes_and_the_standard_set_names_units()
    {
        Multiplot figure = MetricFigures.Curves(MetricCurvesData.Standard([1, 2], qdScore: [1, 2], coverageFraction: [0.1, 0.2]));

        Plot[] plots = figure.GetPlots();
        Assert.Equal("QD score (sum of objective − offset)", plots[0].Axes.Left.Label.Text);
        Assert.Equal("cells filled (%)", plots[1].Axes.Left.Label.Text);

        Multiplot custom = MetricFigures.Curves(new MetricCurvesData([1, 2], [new MetricSeries("loss", [3, 2])]));
        Assert.Equal("loss", custom.GetPlots()[0].Axes.Left.Label.Text);
    }

    [Fact]
    public void Markers_are_dashed_vertical_lines_in_every_panel_with_one_legend_entry()
    {
        var data = new MetricCurvesData([0, 10, 20, 30], [
            new MetricSeries("QD score", [1, 2, 3, 4]),
            new MetricSeries("coverage", [1, 2, 3, 4]),
        ]) { Markers = [10, 25], MarkerLabel = "measure refit" };

        Multiplot figure = MetricFigures.Curves(data);

        foreach (Plot plot in figure.GetPlots())
        {
            VerticalLine[] lines = plot.GetPlottables<VerticalLine>().ToArray();
            Assert.Equal([10.0, 25.0], lines.Select(l => l.X));
            Assert.Equal(LinePattern.Dashed, lines[0].LinePattern);
            Assert.Equal(["measure refit"], lines.Select(l => l.LegendText).Where(t => t.Length > 0));
            Assert.True(plot.Legend.IsVisible);
        }
    }

    [Fact]
    public void A_spread_is_drawn_as_a_band_from_mean_minus_to_mean_plus_spread()
    {
        var series = MetricSeries.MeanOf("run", [[0, 2, 4], [2, 4, 8]]) with { Panel = "QD score" };
        Multiplot figure = MetricFigures.Curves(new MetricCurvesData([0, 1, 2], [series]) { Title = "arm: mean ± std over 2 seeds" });

        Plot plot = figure.GetPlots().Single();
        FillY band = plot.GetPlottables<FillY>().Single();
        var limits = band.GetAxisLimits();
        double sd = Math.Sqrt(2);
        Assert.Equal(1 - sd, limits.Bottom, 12);
        Assert.Equal(6 + 2 * sd, limits.Top, 12);
        Assert.Equal("arm: mean ± std over 2 seeds", Assert.IsType<TitledMultiplot>(figure).Title);

        // The title is drawn in a strip above the panels: dark text pixels where a plain figure has none.
        using var titled = PngImage.Decode(FigureFile.Encode(figure, FigureFormat.Png, 800, 500));
        using var plain = PngImage.Decode(FigureFile.Encode(MetricFigures.Curves(new MetricCurvesData([0, 1, 2], [series])), FigureFormat.Png, 800, 500));
        Assert.True(DarkPixels(titled, 8, 26) > 100, "no title text above the panels");
        Assert.Equal(0, DarkPixels(plain, 0, 6));
    }

    [Fact]
    public void Every_series_of_a_panel_keeps_its_own_colour_with_its_band_and_a_crowded_legend_moves_outside()
    {
        var series = Enumerable.Range(0, 7).Select(k => MetricSeries.MeanOf($"method {k}", [[k, k + 1], [k + 1, k + 3]]) with { Panel = "QD score" }).ToArray();
        Multiplot figure = MetricFigures.Curves(new MetricCurvesData([0, 1], series));

        Plot plot = figure.GetPlots().Single();
        Color[] curves = plot.GetPlottables<Scatter>().Select(c => c.Color).ToArray();
        Assert.Equal(7, curves.Distinct().Count());
        Assert.Equal(curves.Select(c => c.WithAlpha(0.2)), plot.GetPlottables<FillY>().Select(b => b.FillColor).Reverse());
        Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
    }

    [Fact]
    public void A_negative_spread_is_refused_by_name()
    {
        var data = new MetricCurvesData([0, 1], [new MetricSeries("a", [1, 2]) { Spread = [0.1, -1] }]);
        var error = Assert.Throws<ArgumentException>(() => MetricFigures.Curves(data));
        Assert.Equal("Series", error.ParamName);
        Assert.Contains("spread[1]", error.Message);
    }

    private static int DarkPixels(SkiaSharp.SKBitmap bitmap, int top, int bottom)
    {
        int count = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 100 && c.Green < 100 && c.Blue < 100) count++;
            }
        }
        return count;
    }
}

using System.Globalization;
using System.Text;
using QualityDiversity.Plotting;
using ScottPlot;
using ScottPlot.MultiplotLayouts;

namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>Writes the measured points as a CSV file, a Markdown table and a six-panel figure.</summary>
internal static class CostCurveFiles
{
    public static void Write(string folder, IReadOnlyList<CostPoint> points)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("axis,series,x,ms_per_iteration,setup_seconds,bytes_per_elite\n");
        foreach (var p in points)
            csv.Append(string.Create(c, $"{p.Axis},{p.Series},{p.X},{p.MillisecondsPerIteration:R},{p.SetupSeconds:R},{p.BytesPerElite:R}\n"));
        File.WriteAllText(Path.Combine(folder, "cost-curves.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "cost-curves.md"), Table(points));
        FigureFile.Save(Figure(points), Path.Combine(folder, "cost-curves.png"), FigureFormat.Png, 1200, 1300);
    }

    private static string Table(IReadOnlyList<CostPoint> points)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder("| Axis | Search | Value | ms / iteration | µs / candidate | Setup s | Bytes / elite |\n|---|---|---|---|---|---|---|\n");
        foreach (var p in points)
        {
            int batch = p.Axis == "batch" ? (int)p.X : p.Series == "cma-mae" ? 540 : 540;
            string perCandidate = double.IsNaN(p.MillisecondsPerIteration) ? "" : p.MicrosecondsPerCandidate(batch).ToString("0.00", c);
            string ms = double.IsNaN(p.MillisecondsPerIteration) ? "" : p.MillisecondsPerIteration.ToString("0.000", c);
            string setup = p.SetupSeconds > 0 ? p.SetupSeconds.ToString("0.00", c) : "";
            string bytes = double.IsNaN(p.BytesPerElite) ? "" : string.Create(c, $"{p.BytesPerElite:0} (payload {ElitesMemory.PayloadBytes((int)p.X):0})");
            md.Append(string.Create(c, $"| {p.Axis} | {p.Series} | {p.X:N0} | {ms} | {perCandidate} | {setup} | {bytes} |\n"));
        }
        return md.ToString();
    }

    private static TitledMultiplot Figure(IReadOnlyList<CostPoint> points)
    {
        var figure = new TitledMultiplot { Title = "Cost curves: LP sphere, 540 candidates per iteration unless varied (median of 3 timings)" };
        figure.AddPlots(6);
        figure.Layout = new Grid(3, 2);

        Panel(figure.GetPlot(0), "Time per iteration vs solution dimension", "solution dimension", "ms / iteration",
            points.Where(p => p.Axis == "dimension").GroupBy(p => p.Series).Select(g => (g.Key, g.Select(p => (p.X, p.MillisecondsPerIteration)))));
        Panel(figure.GetPlot(1), "Time per candidate vs batch size (MAP-Elites, 100-D)", "candidates per iteration", "µs / candidate",
            [("map-elites", points.Where(p => p.Axis == "batch").Select(p => (p.X, p.MicrosecondsPerCandidate((int)p.X))))]);
        Panel(figure.GetPlot(2), "Time per iteration vs grid cells (MAP-Elites, 100-D)", "cells", "ms / iteration",
            [("map-elites", points.Where(p => p.Axis == "grid cells").Select(p => (p.X, p.MillisecondsPerIteration)))]);
        Panel(figure.GetPlot(3), "Time per iteration vs CVT centroids (MAP-Elites, 100-D)", "centroids", "ms / iteration",
            [("map-elites", points.Where(p => p.Axis == "cvt centroids").Select(p => (p.X, p.MillisecondsPerIteration)))]);
        Panel(figure.GetPlot(4), "CVT construction (k-means over max(100,000, k) samples)", "centroids", "seconds",
            [("construction", points.Where(p => p.Axis == "cvt centroids").Select(p => (p.X, p.SetupSeconds)))]);
        var memory = points.Where(p => p.Axis == "memory").ToArray();
        Panel(figure.GetPlot(5), "Memory per elite (grid archive, 10,000 elites)", "solution dimension", "bytes / elite",
            memory.GroupBy(p => p.Series).Select(g => (g.Key, g.Select(p => (p.X, p.BytesPerElite))))
                .Append(("payload (8 B per value)", memory.Where(p => p.Series == memory[0].Series).Select(p => (p.X, ElitesMemory.PayloadBytes((int)p.X))))));
        return figure;
    }

    // Log-log panel: the data are plotted as log10 values and the ticks are labelled in the original units.
    private static void Panel(Plot plot, string title, string xLabel, string yLabel, IEnumerable<(string Name, IEnumerable<(double X, double Y)> Points)> series)
    {
        int colour = 0;
        var palette = new ScottPlot.Palettes.Category10();
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (name, values) in series)
        {
            var kept = values.Where(v => v.X > 0 && v.Y > 0 && double.IsFinite(v.Y)).ToArray();
            if (kept.Length == 0) continue;
            var line = plot.Add.Scatter(kept.Select(v => Math.Log10(v.X)).ToArray(), kept.Select(v => Math.Log10(v.Y)).ToArray(), palette.GetColor(colour++));
            line.LegendText = name;
            line.MarkerSize = 7;
            xs.AddRange(kept.Select(v => v.X));
            ys.AddRange(kept.Select(v => v.Y));
        }
        if (xs.Count > 0)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks(xs.Min(), xs.Max());
            plot.Axes.Left.TickGenerator = LogTicks(ys.Min(), ys.Max());
        }
        plot.Title(title, size: 13);
        plot.XLabel($"{xLabel} (log scale)");
        plot.YLabel($"{yLabel} (log scale)");
        if (colour > 1) plot.ShowLegend(Alignment.UpperLeft); else plot.HideLegend();
    }

    // Labelled ticks over the data: powers of ten when it spans more than a factor of 1,000
    // (denser labels would overlap), 1, 2 and 5 times them down to a factor of 10, every integer
    // multiple down to a factor of 3, and evenly spaced round values below that, so that even a
    // narrow range gets several readable labels.
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double span = max / min;
        if (span < 3)
        {
            double raw = (max - min) / 4, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = (raw / power) switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 } * power;
            for (double v = Math.Floor(min / step) * step; v <= max + step; v += step)
                if (v > 0) ticks.AddMajor(Math.Log10(v), Label(v));
            return ticks;
        }
        double low = min / 1.5, high = max * 1.5;
        int[] multiples = span > 1000 ? [1] : span >= 9.5 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        for (int power = (int)Math.Floor(Math.Log10(low)); power <= (int)Math.Ceiling(Math.Log10(high)); power++)
        {
            foreach (int m in multiples)
            {
                double value = m * Math.Pow(10, power);
                if (value < low || value > high) continue;
                ticks.AddMajor(Math.Log10(value), Label(value));
            }
        }
        return ticks;
    }

    private static string Label(double value) =>
        value >= 1e5 ? value.ToString("0e0", CultureInfo.InvariantCulture) : value.ToString("#,##0.####", CultureInfo.InvariantCulture);
}

using ScottPlot;
using ScottPlot.Panels;
using ScottPlot.Plottables;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Look shared by every figure: fonts, default axis titles, finishing touches.</summary>
internal static class FigureStyle
{
    // ScottPlot's automatic font choice can land on a serif face on Linux; prefer a common sans-serif when installed.
    private static readonly string[] SansCandidates = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Open Sans"];

    private static readonly Lazy<string?> SansFont = new(() =>
        SansCandidates.FirstOrDefault(name => SKFontManager.Default.MatchFamily(name) is not null));

    /// <summary>The sans-serif family figures use, or null when none of the usual ones is installed.</summary>
    public static string? FontName => SansFont.Value;

    public static string AxisLabel(string[]? labels, int axis) =>
        labels is not null && axis < labels.Length && labels[axis] is { } label ? label : $"measure {axis + 1}";

    /// <summary>Applied last, because fonts are set on the components that exist at that point.</summary>
    public static void Finish(Plot plot, string? title)
    {
        if (!string.IsNullOrEmpty(title))
            plot.Title(TwoLines(title));
        if (SansFont.Value is { } font)
            ApplyFont(plot, font);
    }

    // Past this many characters a title no longer fits an 800-pixel figure on one line.
    private const int MaxTitleLine = 70;

    /// <summary>Breaks a long title at the "; " or ", " nearest its middle, so it fits the figure's width.</summary>
    internal static string TwoLines(string title)
    {
        if (title.Length <= MaxTitleLine || title.Contains('\n')) return title;
        int middle = title.Length / 2, best = -1;
        for (int i = 0; i + 1 < title.Length; i++)
        {
            if ((title[i] == ',' || title[i] == ';') && title[i + 1] == ' ' && (best < 0 || Math.Abs(i - middle) < Math.Abs(best - middle))) best = i;
        }
        return best < 0 ? title : title[..(best + 1)] + "\n" + title[(best + 2)..];
    }

    /// <summary>
    /// Sets the font of every text element we create. Unlike ScottPlot's Plot.Font.Set this leaves the
    /// process-wide default font alone, so a host application's own plots are unaffected.
    /// </summary>
    private static void ApplyFont(Plot plot, string font)
    {
        plot.Axes.Title.Label.FontName = font;
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = font;
            axis.TickLabelStyle.FontName = font;
        }

        foreach (ColorBar bar in plot.Axes.GetPanels().OfType<ColorBar>())
        {
            bar.LabelStyle.FontName = font;
            bar.Axis.TickLabelStyle.FontName = font;
        }

        plot.Legend.FontName = font;
        foreach (Text text in plot.GetPlottables<Text>())
            text.LabelFontName = font;
    }

    /// <summary>Limits the axes to a rectangle exactly, so heatmap cells touch the frame.</summary>
    public static void SetExactLimits(Plot plot, CoordinateRect rect) =>
        plot.Axes.SetLimits(rect.Left, rect.Right, rect.Bottom, rect.Top);

    /// <summary>About five round tick positions (steps of 1, 2 or 5 times a power of ten) within [low, high].</summary>
    public static double[] NiceTicks(double low, double high)
    {
        double span = high - low;
        if (!(span > 0) || !double.IsFinite(span)) return [low];
        double raw = span / 5, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = power * (raw / power) switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 };
        var ticks = new List<double>();
        for (double t = Math.Ceiling(low / step) * step; t <= high + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : Math.Round(t / step) * step);
        return [.. ticks];
    }

    /// <summary>Range covering the values with a 5% margin; a single value gets a unit-wide range.</summary>
    public static AxisRange Fit(double[] values)
    {
        double min = values.Min(), max = values.Max();
        if (max <= min)
            return new AxisRange(min - 0.5, max + 0.5);
        double pad = (max - min) * 0.05;
        return new AxisRange(min - pad, max + pad);
    }
}

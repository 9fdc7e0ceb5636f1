using ScottPlot;
using ScottPlot.Panels;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// A <see cref="ColorScale"/> resolved against the data: a concrete colormap and value range.
/// It doubles as the colorbar's source so the bar always matches the colours actually drawn.
/// </summary>
internal sealed class ColorMapping : IHasColorAxis
{
    /// <summary>Fill of empty cells: light grey, distinct from every supported colormap's ends.</summary>
    public static readonly Color EmptyColor = Color.FromHex("#DCDCDC");

    private ColorMapping(IColormap colormap, double min, double max)
    {
        Colormap = colormap;
        Min = min;
        Max = max;
    }

    public IColormap Colormap { get; }

    public double Min { get; }

    public double Max { get; }

    public string Label { get; private init; } = "objective";

    /// <summary>Resolves the range: fixed bounds win, otherwise the finite data extremes; degenerate ranges are widened so every value still maps to a colour.</summary>
    public static ColorMapping Create(ColorScale? scale, IEnumerable<double> values)
    {
        scale ??= ColorScale.Default;
        scale.Validate();

        double dataMin = double.PositiveInfinity, dataMax = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
                continue;
            dataMin = Math.Min(dataMin, v);
            dataMax = Math.Max(dataMax, v);
        }

        if (dataMin > dataMax)
        {
            // No filled cells: any range works, so show [0, 1] unless a bound is fixed.
            dataMin = scale.Max is { } fixedMax ? fixedMax - 1 : 0;
            dataMax = dataMin + 1;
        }

        double min = scale.Min ?? dataMin;
        double max = scale.Max ?? dataMax;
        if (min >= max)
        {
            // All values equal (or a one-sided bound passes the data): widen around what we have.
            if (scale.Min is null && scale.Max is null)
            {
                min -= 0.5;
                max += 0.5;
            }
            else if (scale.Min is null)
            {
                min = max - 1;
            }
            else
            {
                max = min + 1;
            }
        }

        return new ColorMapping(CreateColormap(scale.Colormap), min, max) { Label = scale.Label ?? string.Empty };
    }

    public ScottPlot.Range GetRange() => new(Min, Max);

    /// <summary>Colour of a value, clamped to the range; NaN (empty) maps to <see cref="EmptyColor"/>.</summary>
    public Color ColorOf(double value)
    {
        if (double.IsNaN(value))
            return EmptyColor;
        double t = Math.Clamp((value - Min) / (Max - Min), 0.0, 1.0);
        return Colormap.GetColor(t);
    }

    public ColorBar AddColorBar(Plot plot)
    {
        ColorBar bar = plot.Add.ColorBar(this);
        bar.Label = Label;
        return bar;
    }

    private static IColormap CreateColormap(ColormapName name) => name switch
    {
        ColormapName.Viridis => new ScottPlot.Colormaps.Viridis(),
        ColormapName.Plasma => new ScottPlot.Colormaps.Plasma(),
        ColormapName.Inferno => new ScottPlot.Colormaps.Inferno(),
        ColormapName.Magma => new ScottPlot.Colormaps.Magma(),
        ColormapName.Turbo => new ScottPlot.Colormaps.Turbo(),
        ColormapName.Grayscale => new ScottPlot.Colormaps.Grayscale(),
        _ => throw new ArgumentOutOfRangeException(nameof(ColorScale.Colormap), name, "Unknown colormap."),
    };
}

using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Filled circles, each in its own colour, drawn in the given order by one plottable, so that a
/// caller controls what lies on top (the best elites, or the nearest points of a 3-D view).
/// </summary>
internal sealed class ColoredDots : IPlottable
{
    private readonly Coordinates[] _points;
    private readonly Color[] _colors;

    /// <param name="points">Centres, drawn first to last.</param>
    /// <param name="colors">One colour per point.</param>
    /// <param name="diameter">Diameter in pixels.</param>
    /// <param name="outline">Colour of a thin outline that separates overlapping dots; null for none.</param>
    public ColoredDots(Coordinates[] points, Color[] colors, float diameter, Color? outline = null)
    {
        _points = points;
        _colors = colors;
        Diameter = diameter;
        Outline = outline;
    }

    public float Diameter { get; }

    public IReadOnlyList<Coordinates> Points => _points;

    public IReadOnlyList<Color> Colors => _colors;

    public Color? Outline { get; }

    public int Count => _points.Length;

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new ScottPlot.Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public AxisLimits GetAxisLimits() => _points.Length == 0 ? AxisLimits.NoLimits : new AxisLimits(_points);

    public void Render(RenderPack rp)
    {
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };
        if (Outline is { } o) stroke.Color = o.ToSKColor();
        float radius = Diameter / 2;
        for (int i = 0; i < _points.Length; i++)
        {
            Pixel p = Axes.GetPixel(_points[i]);
            fill.Color = _colors[i].ToSKColor();
            rp.Canvas.DrawCircle(p.X, p.Y, radius, fill);
            if (Outline is not null) rp.Canvas.DrawCircle(p.X, p.Y, radius, stroke);
        }
    }
}

using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Many short polylines, each in its own colour, drawn in the given order by one plottable. One
/// ScottPlot plottable per line would make an archive of thousands of elites slow to lay out.
/// </summary>
internal sealed class ColoredPolylines : IPlottable
{
    private readonly Coordinates[][] _lines;
    private readonly Color[] _colors;

    /// <param name="lines">The lines, drawn first to last (later ones on top).</param>
    /// <param name="colors">One colour per line.</param>
    /// <param name="width">Line width in pixels.</param>
    public ColoredPolylines(Coordinates[][] lines, Color[] colors, float width)
    {
        _lines = lines;
        _colors = colors;
        Width = width;
    }

    public float Width { get; }

    public IReadOnlyList<Coordinates[]> Lines => _lines;

    public IReadOnlyList<Color> Colors => _colors;

    public int Count => _lines.Length;

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new ScottPlot.Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public AxisLimits GetAxisLimits() =>
        _lines.Length == 0 ? AxisLimits.NoLimits : new AxisLimits(_lines.SelectMany(l => l));

    public void Render(RenderPack rp)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Width, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        using var path = new SKPath();
        for (int i = 0; i < _lines.Length; i++)
        {
            Coordinates[] line = _lines[i];
            if (line.Length < 2) continue;
            path.Reset();
            Pixel start = Axes.GetPixel(line[0]);
            path.MoveTo(start.X, start.Y);
            for (int k = 1; k < line.Length; k++)
            {
                Pixel p = Axes.GetPixel(line[k]);
                path.LineTo(p.X, p.Y);
            }
            paint.Color = _colors[i].ToSKColor();
            rp.Canvas.DrawPath(path, paint);
        }
    }
}

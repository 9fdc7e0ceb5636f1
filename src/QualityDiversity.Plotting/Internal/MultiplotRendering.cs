using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Renders a <see cref="Multiplot"/> onto a white canvas. <see cref="Multiplot.Render(SKCanvas, PixelRect)"/> clears the
/// canvas to transparent first, which leaves empty layout cells transparent in PNG and black in SVG; drawing the
/// subplots here keeps the background white in both. A <see cref="TitledMultiplot"/>'s title is drawn in a strip above the panels.
/// </summary>
internal static class MultiplotRendering
{
    private const float TitleSize = 17, TitleStrip = 34;

    public static void Render(Multiplot figure, SKCanvas canvas, int width, int height)
    {
        using (var background = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
            canvas.DrawRect(0, 0, width, height, background);

        float top = 0;
        if (figure is TitledMultiplot { Title: { Length: > 0 } title })
        {
            top = DrawTitle(canvas, title, width);
        }

        figure.SharedAxes.UpdateSharedPlotAxisLimits();
        // Layouts place panels from the top of the rectangle they are given, so lay them out in the space below the title and move them down.
        var figureRect = new PixelRect(0, width, height - top, 0);
        PixelRect[] rects = figure.Layout.GetSubplotRectangles(figure.Subplots, figureRect)
            .Select(r => new PixelRect(r.Left, r.Right, r.Bottom + top, r.Top + top)).ToArray();
        Plot[] plots = figure.GetPlots();
        for (int i = 0; i < plots.Length; i++)
        {
            plots[i].RenderManager.ClearCanvasBeforeEachRender = false;
            plots[i].Render(canvas, rects[i]);
        }
    }

    // Draws the title centred, one line per "\n"; returns the height it took.
    private static float DrawTitle(SKCanvas canvas, string title, int width)
    {
        using var typeface = SKTypeface.FromFamilyName(FigureStyle.FontName, SKFontStyle.Bold) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, TitleSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        string[] lines = title.Split('\n');
        float y = 8;
        foreach (string line in lines)
        {
            y += TitleSize;
            canvas.DrawText(line, width / 2f, y, SKTextAlign.Center, font, paint);
            y += 4;
        }
        return Math.Max(TitleStrip, y + 6);
    }
}

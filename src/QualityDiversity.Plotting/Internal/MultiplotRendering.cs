using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// Renders a <see cref="Multiplot"/> onto a white canvas. <see cref="Multiplot.Render(SKCanvas, PixelRect)"/> clears the
/// canvas to transparent first, which leaves empty layout cells transparent in PNG and black in SVG; drawing the
/// subplots here keeps the background white in both.
/// </summary>
internal static class MultiplotRendering
{
    public static void Render(Multiplot figure, SKCanvas canvas, int width, int height)
    {
        using (var background = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
            canvas.DrawRect(0, 0, width, height, background);

        figure.SharedAxes.UpdateSharedPlotAxisLimits();
        var figureRect = new PixelRect(0, width, height, 0);
        PixelRect[] rects = figure.Layout.GetSubplotRectangles(figure.Subplots, figureRect);
        Plot[] plots = figure.GetPlots();
        for (int i = 0; i < plots.Length; i++)
        {
            plots[i].RenderManager.ClearCanvasBeforeEachRender = false;
            plots[i].Render(canvas, rects[i]);
        }
    }
}

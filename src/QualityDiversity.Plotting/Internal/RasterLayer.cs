using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws a block of pre-coloured pixels stretched over a data rectangle (row 0 is the top row).</summary>
internal static class RasterLayer
{
    // Small rasters (one pixel per grid cell) are enlarged to about this many pixels along their longer side first:
    // SVG viewers smooth embedded images when scaling them, which would blur a 10 x 10 grid into a gradient.
    private const int TargetSize = 600;

    public static ImageRect Add(Plot plot, SKColor[] pixels, int width, int height, CoordinateRect rect)
    {
        int scale = Math.Max(1, TargetSize / Math.Max(width, height));
        using var bitmap = new SKBitmap(new SKImageInfo(width * scale, height * scale, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Pixels = scale == 1 ? pixels : Enlarge(pixels, width, height, scale);
        ImageRect layer = plot.Add.ImageRect(new ScottPlot.Image(bitmap), rect);

        // Without smoothing each pixel stays a sharp block, which keeps cell borders crisp in PNG output.
        layer.AntiAlias = false;
        return layer;
    }

    private static SKColor[] Enlarge(SKColor[] pixels, int width, int height, int scale)
    {
        int bigWidth = width * scale;
        var big = new SKColor[bigWidth * height * scale];
        for (int row = 0; row < height * scale; row++)
        {
            int source = (row / scale) * width;
            int target = row * bigWidth;
            for (int col = 0; col < bigWidth; col++)
                big[target + col] = pixels[source + col / scale];
        }

        return big;
    }
}

using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Tests.Support;

/// <summary>Assertions shared by the figure tests.</summary>
public static class FigureAssert
{
    /// <summary>The file is a PNG of the requested size whose decoded pixels are not a blank image.</summary>
    public static SKBitmap ValidPng(string path, int width, int height, int minColors = 50)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(PngImage.HasSignature(bytes), "missing PNG signature");
        Assert.Equal((width, height), PngImage.HeaderSize(bytes));

        SKBitmap bitmap = PngImage.Decode(bytes);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        int colors = PngImage.DistinctColors(bitmap);
        Assert.True(colors >= minColors, $"only {colors} distinct colours in the image");
        return bitmap;
    }

    /// <summary>The data area (inside the axes) holds at least <paramref name="minColors"/> distinct colours.</summary>
    public static void DataAreaColorful(SKBitmap bitmap, Plot plot, int minColors)
    {
        int colors = PngImage.DistinctColors(bitmap, plot.LastRender.DataRect);
        Assert.True(colors >= minColors, $"only {colors} distinct colours in the data area");
    }

    /// <summary>The pixel at a data coordinate has (nearly) the expected colour.</summary>
    public static void ColorAt(SKBitmap bitmap, Plot plot, double x, double y, SKColor expected)
    {
        SKColor actual = PngImage.At(bitmap, plot.GetPixel(new Coordinates(x, y)));
        Assert.True(PngImage.Close(actual, expected), $"colour at ({x}, {y}) is {actual}, expected {expected}");
    }

    /// <summary>The pixel at a data coordinate has (nearly) the expected colour, given as a ScottPlot colour.</summary>
    public static void ColorAt(SKBitmap bitmap, Plot plot, double x, double y, Color expected) => ColorAt(bitmap, plot, x, y, expected.ToSKColor());

    public static SKColor Viridis(double fraction) => new ScottPlot.Colormaps.Viridis().GetColor(fraction).ToSKColor();

    public static SKColor EmptyCell => SKColor.Parse("#DCDCDC");

    /// <summary>The file is an SVG document.</summary>
    public static string ValidSvg(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        string text = File.ReadAllText(path).TrimStart('\uFEFF');
        Assert.True(text.StartsWith("<svg", StringComparison.Ordinal) || text.StartsWith("<?xml", StringComparison.Ordinal), "SVG must start with <svg or <?xml");
        Assert.Contains("<svg", text);
        Assert.EndsWith("</svg>", text.TrimEnd());
        return text;
    }
}

using System.Buffers.Binary;
using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Tests.Support;

/// <summary>Checks on PNG bytes: signature, header size and pixel content.</summary>
public static class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(byte[] bytes) => bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(Signature);

    /// <summary>Width and height from the IHDR chunk, which the PNG format requires to come first.</summary>
    public static (int Width, int Height) HeaderSize(byte[] bytes)
    {
        Assert.True(bytes.Length >= 24, "PNG too short for an IHDR chunk");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    public static SKBitmap Decode(byte[] bytes) =>
        SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("PNG did not decode");

    /// <summary>Distinct colours inside a pixel rectangle (the whole image when null).</summary>
    public static int DistinctColors(SKBitmap bitmap, PixelRect? area = null)
    {
        var (left, right, top, bottom) = Bounds(bitmap, area);
        var colors = new HashSet<uint>();
        for (int y = top; y < bottom; y++)
        {
            for (int x = left; x < right; x++)
                colors.Add((uint)bitmap.GetPixel(x, y));
        }

        return colors.Count;
    }

    /// <summary>Colour at a pixel position, rounded to the nearest pixel.</summary>
    public static SKColor At(SKBitmap bitmap, Pixel pixel) =>
        bitmap.GetPixel((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));

    public static bool Close(SKColor a, SKColor b, int tolerance = 6) =>
        Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance;

    // Shrinks the area by a few pixels so frame lines and anti-aliased edges are not counted.
    private static (int Left, int Right, int Top, int Bottom) Bounds(SKBitmap bitmap, PixelRect? area)
    {
        if (area is not { } r)
            return (0, bitmap.Width, 0, bitmap.Height);
        const int inset = 3;
        return (
            Math.Max(0, (int)r.Left + inset),
            Math.Min(bitmap.Width, (int)r.Right - inset),
            Math.Max(0, (int)r.Top + inset),
            Math.Min(bitmap.Height, (int)r.Bottom - inset));
    }
}

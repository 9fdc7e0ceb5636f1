using System.Text;
using QualityDiversity.Plotting.Internal;
using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting;

/// <summary>Encodes figures as PNG or SVG and writes them to disk.</summary>
/// <remarks>
/// Files are written atomically (to a temporary file in the target directory, then moved over the target),
/// and missing directories are created.
/// </remarks>
public static class FigureFile
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 600;

    /// <summary>Renders a plot and writes it to <paramref name="path"/>.</summary>
    /// <param name="plot">The figure.</param>
    /// <param name="path">Target file; its directory is created if needed and an existing file is replaced.</param>
    /// <param name="format">File format, independent of the path's extension.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void Save(Plot plot, string path, FigureFormat format, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Persistence.AtomicFile.Write(path, stream => stream.Write(Encode(plot, format, width, height)));
    }

    /// <summary>Renders a multi-panel figure (e.g. from <see cref="MetricFigures.Curves"/>) and writes it to <paramref name="path"/>.</summary>
    /// <param name="figure">The figure.</param>
    /// <param name="path">Target file; its directory is created if needed and an existing file is replaced.</param>
    /// <param name="format">File format, independent of the path's extension.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void Save(Multiplot figure, string path, FigureFormat format, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Persistence.AtomicFile.Write(path, stream => stream.Write(Encode(figure, format, width, height)));
    }

    /// <summary>Renders a plot to the bytes of a PNG or SVG file.</summary>
    /// <param name="plot">The figure.</param>
    /// <param name="format">Output format.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static byte[] Encode(Plot plot, FigureFormat format, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return format switch
        {
            FigureFormat.Png => plot.GetImageBytes(width, height, ImageFormat.Png),
            FigureFormat.Svg => new UTF8Encoding(false).GetBytes(plot.GetSvgXml(width, height)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown figure format."),
        };
    }

    /// <summary>Renders a multi-panel figure to the bytes of a PNG or SVG file.</summary>
    /// <param name="figure">The figure.</param>
    /// <param name="format">Output format.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static byte[] Encode(Multiplot figure, FigureFormat format, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(figure);
        CheckSize(width, height);
        switch (format)
        {
            case FigureFormat.Png:
            {
                using var surface = SKSurface.Create(new SKImageInfo(width, height))
                    ?? throw new InvalidOperationException($"Could not create a {width} x {height} drawing surface.");
                MultiplotRendering.Render(figure, surface.Canvas, width, height);
                using SKImage image = surface.Snapshot();
                using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
                return png.ToArray();
            }

            case FigureFormat.Svg:
            {
                using var stream = new MemoryStream();

                // The SVG canvas writes its document when disposed, so dispose it before reading the stream.
                using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
                    MultiplotRendering.Render(figure, canvas, width, height);
                return stream.ToArray();
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown figure format.");
        }
    }

    /// <summary>Picks the format from a file extension (".png" or ".svg", case-insensitive).</summary>
    /// <param name="path">A file name or path.</param>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public static FigureFormat FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => FigureFormat.Png,
            ".svg" => FigureFormat.Svg,
            var other => throw new ArgumentException($"Cannot tell the figure format from extension '{other}'; use .png or .svg.", nameof(path)),
        };
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
    }
}

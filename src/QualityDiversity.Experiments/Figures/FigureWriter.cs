using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Export;
using QualityDiversity.Plotting;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>
/// Draws a run directory's figures from its files: <c>heatmap.png</c> from config.json and
/// archive.csv, <c>metrics.png</c> from metrics.csv, and SVG twins on request.
/// </summary>
internal static class FigureWriter
{
    /// <summary>File name (without extension) of the archive figure.</summary>
    public const string HeatmapName = "heatmap";

    /// <summary>File name (without extension) of the metric curves.</summary>
    public const string MetricsName = "metrics";

    /// <summary>Writes the figures whose data exist; returns the files written.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="config">Its configuration.</param>
    /// <param name="svg">Whether to write SVG files besides the PNG files.</param>
    /// <param name="centroids">CVT centroids when at hand (saves regenerating them).</param>
    public static IReadOnlyList<string> WriteAll(RunDirectory directory, SearchConfig config, bool svg, double[]? centroids = null)
    {
        var written = new List<string>();
        if (File.Exists(directory.ArchivePath))
        {
            using var plot = ArchiveFigureFactory.Create(config, ArchiveCsv.Read(directory.ArchivePath), centroids);
            written.AddRange(Save(plot, directory.Path, HeatmapName, svg));
        }
        var rows = File.Exists(directory.MetricsPath) ? MetricsCsv.Read(directory.MetricsPath) : [];
        if (rows.Count > 0) written.AddRange(Save(MetricsFigureFactory.Create(rows), directory.Path, MetricsName, svg, FigureFile.DefaultWidth, 900));
        return written;
    }

    /// <summary>Saves <paramref name="plot"/> as <paramref name="name"/>.png in <paramref name="directory"/>, and as .svg too when asked; returns the files.</summary>
    public static IReadOnlyList<string> Save(Plot plot, string directory, string name, bool svg, int width = FigureFile.DefaultWidth, int height = FigureFile.DefaultHeight) =>
        SaveEach(directory, name, svg, (path, format) => FigureFile.Save(plot, path, format, width, height));

    /// <summary>Saves <paramref name="figure"/> as <paramref name="name"/>.png in <paramref name="directory"/>, and as .svg too when asked; returns the files.</summary>
    public static IReadOnlyList<string> Save(Multiplot figure, string directory, string name, bool svg, int width, int height) =>
        SaveEach(directory, name, svg, (path, format) => FigureFile.Save(figure, path, format, width, height));

    private static List<string> SaveEach(string directory, string name, bool svg, Action<string, FigureFormat> save)
    {
        var written = new List<string>();
        foreach (var format in svg ? new[] { FigureFormat.Png, FigureFormat.Svg } : [FigureFormat.Png])
        {
            string path = System.IO.Path.Combine(directory, name + (format == FigureFormat.Svg ? ".svg" : ".png"));
            save(path, format);
            written.Add(path);
        }
        return written;
    }
}

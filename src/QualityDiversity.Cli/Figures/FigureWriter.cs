using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Output;
using QualityDiversity.Export;
using QualityDiversity.Plotting;

namespace QualityDiversity.Cli.Figures;

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
        var formats = svg ? new[] { FigureFormat.Png, FigureFormat.Svg } : [FigureFormat.Png];
        if (File.Exists(directory.ArchivePath))
        {
            using var plot = ArchiveFigureFactory.Create(config, ArchiveCsv.Read(directory.ArchivePath), centroids);
            foreach (var format in formats)
            {
                string path = directory.File(HeatmapName + Extension(format));
                FigureFile.Save(plot, path, format);
                written.Add(path);
            }
        }
        var rows = File.Exists(directory.MetricsPath) ? MetricsCsv.Read(directory.MetricsPath) : [];
        if (rows.Count > 0)
        {
            var figure = MetricsFigureFactory.Create(rows);
            foreach (var format in formats)
            {
                string path = directory.File(MetricsName + Extension(format));
                FigureFile.Save(figure, path, format, FigureFile.DefaultWidth, 900);
                written.Add(path);
            }
        }
        return written;
    }

    private static string Extension(FigureFormat format) => format == FigureFormat.Svg ? ".svg" : ".png";
}

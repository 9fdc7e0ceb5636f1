using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Export;
using QualityDiversity.Plotting;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>
/// Draws a run directory's figures: <c>heatmap.png</c> from the live archive at the end of a run
/// or from config.json and archive.csv, <c>metrics.png</c> from metrics.csv (a learned-measure
/// search: with ground_truth.csv and updates.csv), and SVG twins on request.
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
    /// <param name="archive">The archive the run reports, when at hand (at the end of a run); null draws archive.csv.</param>
    /// <param name="options">The user's figure options; null for the defaults.</param>
    /// <param name="iteration">The iteration the archive is from, when known.</param>
    public static IReadOnlyList<string> WriteAll(RunDirectory directory, SearchConfig config, bool svg, IArchive<double>? archive = null,
        ArchiveFigureOptions? options = null, int? iteration = null)
    {
        var written = new List<string>();
        var rows = File.Exists(directory.MetricsPath) ? MetricsCsv.Read(directory.MetricsPath) : [];
        if (archive is not null)
        {
            using var plot = ArchiveFigureFactory.Create(config, archive, options, iteration);
            written.AddRange(Save(plot, directory.Path, HeatmapName, svg));
        }
        else if (File.Exists(directory.ArchivePath))
        {
            // archive.csv of an unfinished run is from its last checkpoint, whose iteration the file does not record.
            int? at = iteration ?? Finished(rows, config);
            var shown = at is not null ? options : (options ?? ArchiveFigureOptions.Default) with { Subject = $"{options?.Subject ?? config.Name} (last checkpoint)" };
            using var plot = ArchiveFigureFactory.Create(config, ArchiveCsv.Read(directory.ArchivePath), shown, at);
            written.AddRange(Save(plot, directory.Path, HeatmapName, svg));
        }

        if (MetricsFigureFactory.ForRun(directory, config, rows) is { } curves)
            written.AddRange(Save(curves.Figure, directory.Path, MetricsName, svg, FigureFile.DefaultWidth, curves.Height));
        return written;
    }

    // The last metrics row of a finished run is the iteration of its last checkpoint; an unfinished run's archive.csv is from some earlier checkpoint.
    private static int? Finished(IReadOnlyList<MetricsRow> rows, SearchConfig config) =>
        rows.Count > 0 && rows[^1].Iteration >= config.Iterations ? rows[^1].Iteration : null;

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

using System.Globalization;
using System.Text;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Plotting;
using QualityDiversity.Web.Raters;
using static QualityDiversity.Web.Rendering.Html;

namespace QualityDiversity.Web.Dashboard;

/// <summary>
/// The views of a run directory, drawn from its files as they are now: the archive heatmap
/// (ground-truth measures: a learned-measure search reports its archive re-scored in them), the
/// metric curves, the refits of learned measures with their validation accuracy, the raters, and
/// for a text search the elite of every cell with its lineage. The live dashboard and
/// <c>qd report</c> show the same sections. Figures are the plotting layer's, inlined as PNG data.
/// </summary>
internal static class RunViewBuilder
{
    private const string TextHeatmapFile = "heatmap.png", TextMetricsFile = "metrics.png";

    /// <summary>The sections for <paramref name="directory"/>.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="raters">Rater counts and agreement, or null for none.</param>
    /// <param name="status">A line on what the run does now (encoded here), or null.</param>
    public static IReadOnlyList<ViewSection> Build(RunDirectory directory, (IReadOnlyList<RaterStats> Stats, RaterAgreement Agreement)? raters, string? status)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var config = directory.ReadConfig();
        var sections = new List<ViewSection>
        {
            new("status", "Run", Status(directory, config, status)),
        };
        if (directory.IsTextSearch)
        {
            sections.Add(new("heatmap", "Archive", Guard(() => FigureFile(directory, TextHeatmapFile, "archive heatmap"))));
            sections.Add(new("metrics", "Metrics", Guard(() => FigureFile(directory, TextMetricsFile, "metric curves"))));
            sections.Add(new("elites", "Elites per cell", Guard(() => TextElites.Html(directory.File(Experiments.Text.TextOutputs.ElitesFile)))));
        }
        else if (config is SearchConfig search)
        {
            sections.Add(new("heatmap", search.Measures is null ? "Archive" : "Archive in ground-truth measures", Guard(() => Heatmap(directory, search))));
            sections.Add(new("metrics", "Metrics", Guard(() => Metrics(directory, search))));
            if (search.Measures is not null) sections.Add(new("refits", "Refits of the learned measures", Guard(() => Refits(directory))));
        }
        if (raters is { } r) sections.Add(new("raters", "Raters", RatersHtml(r.Stats, r.Agreement)));
        return sections;
    }

    // A file being rewritten by the running search can be unreadable for a moment: say so in the section, the next update redraws it.
    private static string Guard(Func<string> draw)
    {
        try
        {
            return draw();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ExperimentException or FormatException or ArgumentException)
        {
            return $"<p class=\"note\">Not available yet: {Encode(e.Message)}</p>";
        }
    }

    private static string Status(RunDirectory directory, ExperimentConfig config, string? status)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{Encode(config.Name)}</strong>");
        if (config is SearchConfig search && File.Exists(directory.MetricsPath))
        {
            var rows = MetricsCsv.Read(directory.MetricsPath);
            if (rows.Count > 0) html.Append(CultureInfo.InvariantCulture, $": iteration {rows[^1].Iteration} of {search.Iterations}, {rows[^1].Evaluations} evaluations");
        }
        html.Append("</p>");
        if (status is not null) html.Append(CultureInfo.InvariantCulture, $"<p id=\"run-state\">{Encode(status)}</p>");
        return html.ToString();
    }

    private static string Heatmap(RunDirectory directory, SearchConfig config)
    {
        if (!File.Exists(directory.ArchivePath)) return "<p class=\"note\">No archive yet: it is written at the first checkpoint.</p>";
        var rows = File.Exists(directory.MetricsPath) ? MetricsCsv.Read(directory.MetricsPath) : [];
        int? iteration = rows.Count > 0 && rows[^1].Iteration >= config.Iterations ? rows[^1].Iteration : null;
        var options = iteration is null ? ArchiveFigureOptions.Default with { Subject = $"{config.Name} (last checkpoint)" } : null;
        using var plot = ArchiveFigureFactory.Create(config, directory.ReadArchive(), options, iteration);
        return Image(Plotting.FigureFile.Encode(plot, FigureFormat.Png), "archive heatmap");
    }

    private static string Metrics(RunDirectory directory, SearchConfig config)
    {
        var rows = File.Exists(directory.MetricsPath) ? MetricsCsv.Read(directory.MetricsPath) : [];
        if (MetricsFigureFactory.ForRun(directory, config, rows) is not { } curves) return "<p class=\"note\">No metrics yet.</p>";
        return Image(Plotting.FigureFile.Encode(curves.Figure, FigureFormat.Png, Plotting.FigureFile.DefaultWidth, curves.Height), "metric curves");
    }

    private static string Refits(RunDirectory directory)
    {
        if (!File.Exists(directory.File(LearnedRunSession.UpdatesFile))) return "<p class=\"note\">No refit yet.</p>";
        var updates = directory.ReadMeasureUpdates();
        if (updates.Count == 0) return "<p class=\"note\">No refit yet.</p>";
        var html = new StringBuilder("<table><thead><tr><th>iteration</th><th>new judgments</th><th>judgments in all</th><th>validation accuracy</th><th>epochs</th><th>elites kept</th></tr></thead><tbody>");
        foreach (var u in updates)
        {
            string accuracy = u.ValidationAccuracy is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "–";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{u.Iteration}</td><td>{u.NewJudgments}</td><td>{u.TotalJudgments}</td><td class=\"accuracy\">{accuracy}</td><td>{u.Epochs}</td><td>{u.Elites}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string RatersHtml(IReadOnlyList<RaterStats> stats, RaterAgreement agreement)
    {
        if (stats.Count == 0) return "<p class=\"note\">No rater yet.</p>";
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder("<table><thead><tr><th>rater</th><th>answered</th><th>gold answered</th><th>accuracy on gold</th></tr></thead><tbody>");
        foreach (var r in stats)
        {
            string accuracy = r.GoldAccuracy is { } a ? a.ToString("0.00", c) : "–";
            html.Append(c, $"<tr><td>{Encode(r.Rater)}</td><td>{r.Answered}</td><td>{r.GoldAnswered}</td><td>{accuracy}</td></tr>");
        }
        html.Append("</tbody></table>");
        html.Append(agreement.Rate is { } rate
            ? string.Create(c, $"<p>Agreement between raters on triplets shown to several: {rate:0.00} ({agreement.Agreeing} of {agreement.Pairs} pairs).</p>")
            : "<p class=\"note\">No triplet has answers from two raters yet.</p>");
        return html.ToString();
    }

    private static string FigureFile(RunDirectory directory, string name, string alt)
    {
        string path = directory.File(name);
        return File.Exists(path) ? Image(File.ReadAllBytes(path), alt) : $"<p class=\"note\">No {Encode(alt)} yet: the search draws them at its checkpoints.</p>";
    }

    private static string Image(byte[] png, string alt) =>
        $"<img alt=\"{Encode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";
}

using System.Text;
using System.Text.Json;
using QualityDiversity.Experiments;
using QualityDiversity.Web.Hosting;

namespace QualityDiversity.Web.Dashboard;

/// <summary>
/// The dashboard's current view as the JSON of a server-sent event, redrawn only when something
/// it shows changed: a file the views read (by size and time written), the judging progress or
/// the raters' counts. Every connected page shares the one drawing. Thread-safe.
/// </summary>
internal sealed class DashboardFeed(JudgingSite site, RunDirectory directory)
{
    private static readonly string[] WatchedFiles =
    [
        "metrics.csv", "archive.csv", "ground_truth.csv", "updates.csv", "elites.csv", "heatmap.png", "metrics.png", "config.json",
    ];

    private readonly Lock _gate = new();
    private string? _stamp;
    private string _json = "";
    private long _version;

    /// <summary>The current view: its version (counting redraws) and the event data.</summary>
    public (long Version, string Json) Current()
    {
        string stamp = Stamp();
        lock (_gate)
        {
            if (stamp != _stamp)
            {
                var raters = (site.Raters.Stats(), site.Raters.Agreement());
                var sections = RunViewBuilder.Build(directory, raters, StatusLine());
                _version++;
                _json = Json(_version, sections);
                _stamp = stamp;
            }
            return (_version, _json);
        }
    }

    private string? StatusLine()
    {
        var p = site.Queue?.Progress ?? default;
        return site.State switch
        {
            RunState.Waiting => $"Waiting for {p.Waiting} judgments before the next refit ({p.Answered} answered so far).",
            RunState.Running => site.Run is { } run ? $"Searching: iteration {run.Iteration} of {run.Total} ({p.Answered} judgments so far)." : "Searching.",
            RunState.Ended => $"The run has ended ({p.Answered} judgments given here).",
            _ => null,
        };
    }

    private string Stamp()
    {
        var stamp = new StringBuilder();
        foreach (string name in WatchedFiles)
        {
            var file = new FileInfo(directory.File(name));
            stamp.Append(file.Exists ? $"{file.Length}:{file.LastWriteTimeUtc.Ticks};" : "-;");
        }
        var p = site.Queue?.Progress ?? default;
        stamp.Append($"{site.State}:{p.Posted}:{p.Waiting}:{p.Answered}:{p.Skipped}:{site.Run?.Iteration};");
        foreach (var r in site.Raters.Stats()) stamp.Append($"{r.Rater.Length}:{r.Rater}:{r.Answered}:{r.GoldAnswered}:{r.GoldCorrect};");
        return stamp.ToString();
    }

    private static string Json(long version, IReadOnlyList<ViewSection> sections)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", version);
            w.WriteStartArray("sections");
            foreach (var s in sections)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("heading", s.Heading);
                w.WriteString("html", s.Html);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

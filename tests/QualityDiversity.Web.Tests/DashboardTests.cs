using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityDiversity.Experiments;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Dashboard;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Storage;

namespace QualityDiversity.Web.Tests;

/// <summary>The run's views: <c>qd report</c>'s self-contained file and the live dashboard's server-sent events.</summary>
public sealed class DashboardTests
{
    private const string Payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    // A finished QDHF arm run with the simulated person as judge (the same answers the browser test's rater gives).
    private static async Task<string> FinishedRunAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "qd-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), """
            {
              "name": "arm-report", "seed": 7, "iterations": 3,
              "task": { "name": "arm", "dim": 2 },
              "archive": { "type": "grid", "dims": [10, 10], "ranges": [[-1, 1], [-1, 1]] },
              "initial_population": { "count": 50, "low": -3.141592653589793, "high": 3.141592653589793 },
              "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 20 } ],
              "measures": { "type": "qdhf", "schedule": "once", "judgments": 100, "judge": { "type": "simulated" },
                            "fit": "best_validation", "patience": 1000, "score_every": 1 }
            }
            """);
        using var run = Experiment.Resume(dir);
        var outcome = await run.RunAsync();
        Assert.False(outcome.Interrupted);
        return dir;
    }

    private static void Delete(string dir)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_report_is_one_self_contained_file_with_the_runs_views()
    {
        string dir = await FinishedRunAsync();
        try
        {
            // Two raters answered gold triplets; one's name is markup.
            using (var database = JudgmentDatabase.Open(Path.Combine(dir, JudgmentDatabase.FileName), JudgmentSet.Load(Path.Combine(dir, "judgments.jsonl"))))
            {
                database.InsertGold(new GoldAnswer("ana", "k1", TripletAnswer.A, true, DateTimeOffset.UnixEpoch));
                database.InsertGold(new GoldAnswer(Payload, "k1", TripletAnswer.B, false, DateTimeOffset.UnixEpoch));
            }
            string path = RunReport.Write(dir);
            Assert.Equal(Path.Combine(dir, "report.html"), path);
            string html = File.ReadAllText(path);

            // Nothing is loaded from elsewhere: every image is inline data, and the page's policy forbids the rest.
            Assert.Contains("content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"", html);
            Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
            Assert.DoesNotContain("<script", html);
            Assert.Equal(2, Regex.Count(html, "<img alt=\"[^\"]*\" src=\"data:image/png;base64,"));
            Assert.Contains("Archive in ground-truth measures", html);

            // The refit's validation accuracy, as updates.csv has it.
            var update = Assert.Single(Experiment.Open(dir).ReadMeasureUpdates());
            Assert.Contains($"<td class=\"accuracy\">{update.ValidationAccuracy!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}</td>", html);
            // The raters: the simulated judge's 100 judgments, the two gold answers, encoded names, their disagreement.
            Assert.Contains("<td>simulated</td><td>100</td><td>0</td><td>–</td>", html);
            Assert.Contains("<td>ana</td><td>0</td><td>1</td><td>1.00</td>", html);
            Assert.Contains("<td>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("Agreement between raters on triplets shown to several: 0.00 (0 of 1 pairs).", html);
        }
        finally
        {
            Delete(dir);
        }
    }

    [Fact]
    public void A_text_elite_is_shown_as_text_with_its_lineage()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, $"cell,tone_bin,quality,tone,id,step,operator,parent_ids,cell_depth,text\n3,\"[0.5, 0.75)\",0.9,0.6,17,4,mutate,12;9,2,\"{Payload.Replace("\"", "\"\"")}\"\n");
            string html = TextElites.Html(path);
            Assert.Contains("<td class=\"text\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>", html);
            Assert.Contains("<td>#17: step 4, mutate, parents 12, 9</td>", html);
            Assert.Contains("<td>[0.5, 0.75)</td>", html);
            Assert.DoesNotContain("<script", html);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_dashboard_streams_the_views_as_server_sent_events()
    {
        string dir = await FinishedRunAsync();
        try
        {
            await using (var server = await JudgingServer.StartAsync(new JudgingServerOptions { Directory = dir }))
            {
                using var http = new HttpClient();
                using var page = await http.GetAsync(new Uri(server.Address, "dashboard"));
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("new EventSource(\"api/events\"", await page.Content.ReadAsStringAsync());

                using var events = await http.GetAsync(new Uri(server.Address, "api/events"), HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal("text/event-stream", events.Content.Headers.ContentType!.MediaType);
                using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
                Assert.Equal("event: view", await reader.ReadLineAsync());
                string data = (await reader.ReadLineAsync())!;
                Assert.StartsWith("data: ", data);
                using var view = JsonDocument.Parse(data["data: ".Length..]);
                Assert.Equal(1, view.RootElement.GetProperty("version").GetInt64());
                var ids = view.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();
                Assert.Equal(["status", "heatmap", "metrics", "refits", "raters"], ids);
                string heatmap = view.RootElement.GetProperty("sections")[1].GetProperty("html").GetString()!;
                Assert.StartsWith("<img alt=\"archive heatmap\" src=\"data:image/png;base64,", heatmap);
            }
        }
        finally
        {
            Delete(dir);
        }
    }
}

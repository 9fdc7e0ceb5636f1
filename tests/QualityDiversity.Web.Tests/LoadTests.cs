using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Hosting;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Rendering;
using QualityDiversity.Web.Storage;
using Xunit.Abstractions;

namespace QualityDiversity.Web.Tests;

/// <summary>
/// Many raters at once over loopback: every accepted answer must reach judgments.jsonl and
/// judgments.db exactly once. Prints the answer latency (p50, p99) for the record; asserts no times.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Raters = 50, Triplets = 1000;

    [Fact]
    public async Task Fifty_raters_at_once_lose_no_judgment()
    {
        string dir = Path.Combine(Path.GetTempPath(), "qd-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string jsonl = Path.Combine(dir, "judgments.jsonl");
            var file = JudgmentSet.Open(jsonl);
            using var database = JudgmentDatabase.Open(Path.Combine(dir, JudgmentDatabase.FileName), []);
            // As a served run keeps answers: the file first (the queue's callback), then the database row.
            var queue = new JudgingQueue(onAnswer: file.Add);
            queue.Answered += database.Insert;
            var site = new JudgingSite("load", queue, ItemRenderers.For(null), null, rateLimit: new AnswerRateLimit(PerMinute: 600_000, Burst: Triplets));
            await using var server = await JudgingServer.StartAsync(site, new IPEndPoint(IPAddress.Loopback, 0), "127.0.0.1", CancellationToken.None);

            var triplets = Enumerable.Range(0, Triplets)
                .Select(i => new Triplet(new JudgedItem([i], Text: $"r{i}"), new JudgedItem([i + 0.5], Text: $"a{i}"), new JudgedItem([i + 3.0], Text: $"b{i}")))
                .ToArray();
            var asked = queue.JudgeAsync(triplets).AsTask();

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Raters });
            var latencies = new ConcurrentBag<double>();
            int accepted = 0, conflicts = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Raters).Select(r => Task.Run(async () =>
            {
                string rater = $"rater-{r:00}";
                while (await Api.NextAsync(http, server, rater) is { } id)
                {
                    long start = Stopwatch.GetTimestamp();
                    using var response = await Api.AnswerAsync(http, server, id, id % 2 == 0 ? "a" : "b", rater);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref accepted);
                    else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref conflicts); // two raters held the last triplets
                    else Assert.Fail($"{rater}: answer to {id} got {(int)response.StatusCode}");
                }
            })));
            clock.Stop();
            var judgments = await Waiting.ForAsync(asked, "the queue to return its answers");

            var sorted = latencies.Order().ToArray();
            var reloaded = JudgmentSet.Load(jsonl);
            var rows = database.ReadAll();
            int lost = accepted - Math.Min(reloaded.Count, rows.Count);
            output.WriteLine($"{Raters} raters, {accepted} answers accepted ({conflicts} too late) in {clock.Elapsed.TotalSeconds:0.00} s: " +
                $"answer latency p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms; judgments lost: {lost}");

            Assert.Equal(Triplets, accepted);
            Assert.Equal(0, lost);
            Assert.Equal(Triplets, judgments.Count);
            Assert.Equal(Triplets, reloaded.Count);
            Assert.Equal(Triplets, reloaded.Select(TripletKey.Of).Distinct().Count());
            Assert.Equal(reloaded.Select(TripletKey.Of), rows.Select(r => r.Triplet));
            Assert.Equal(Raters, reloaded.Select(j => j.JudgeName).Distinct().Count());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

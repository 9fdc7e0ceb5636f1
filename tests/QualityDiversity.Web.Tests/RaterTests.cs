using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Hosting;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web.Tests;

/// <summary>Gold triplets, per-rater accuracy on them, agreement between raters, and per-rater rate limits, over real HTTP.</summary>
public sealed class RaterTests
{
    private static Triplet Texts(int i) =>
        new(new JudgedItem([i], Text: $"reference {i}"), new JudgedItem([i + 0.1], Text: $"near {i}"), new JudgedItem([i + 5.0], Text: $"far {i}"));

    // Gold triplet 1's right answer is A, gold triplet 2's is B.
    private static Judgment[] Gold() =>
    [
        Texts(100).Answer(TripletAnswer.A, JudgeKind.Human, "expert", DateTimeOffset.UnixEpoch),
        Texts(200).Swapped().Answer(TripletAnswer.B, JudgeKind.Human, "expert", DateTimeOffset.UnixEpoch),
    ];

    private static async Task<(JudgingServer Server, JudgingQueue Queue, List<GoldAnswer> Kept)> ServeAsync(int triplets, AnswerRateLimit? limit = null, bool gold = true)
    {
        var queue = new JudgingQueue();
        var kept = new List<GoldAnswer>();
        var raters = new RaterBook(gold ? Gold() : [], goldEvery: 2, answeredBy: [], goldAnswered: [], onGold: kept.Add);
        var site = new JudgingSite("texts", queue, ItemRenderers.For(null), null, raters, limit);
        var server = await JudgingServer.StartAsync(site, new IPEndPoint(IPAddress.Loopback, 0), "127.0.0.1", CancellationToken.None);
        _ = queue.JudgeAsync(Enumerable.Range(0, triplets).Select(Texts).ToArray()).AsTask();
        await Waiting.UntilAsync(() => queue.Progress.Waiting == triplets, "the triplets to be posted");
        return (server, queue, kept);
    }

    // Answers two of the run's triplets as the rater's page would, then returns the id the page shows next.
    private static async Task<long> TwoRunAnswersThenNextAsync(HttpClient http, JudgingServer server, string rater)
    {
        for (int i = 0; i < 2; i++)
        {
            long id = (await Api.NextAsync(http, server, rater))!.Value;
            Assert.True(id > 0, $"answer {i} of {rater} should be to a run triplet, got id {id}");
            await Api.AcceptedAsync(http, server, id, "a", rater);
        }
        return (await Api.NextAsync(http, server, rater))!.Value;
    }

    [Fact]
    public async Task Gold_triplets_come_between_run_questions_score_each_rater_and_compare_raters()
    {
        var (server, queue, kept) = await ServeAsync(triplets: 12);
        await using var _ = server;
        using var http = new HttpClient();

        // ana: gold 1 right (A), then gold 2 wrong (A instead of B).
        long gold = await TwoRunAnswersThenNextAsync(http, server, "ana");
        Assert.Equal(-1, gold);
        Assert.Equal(-1, await Api.NextAsync(http, server, "ana")); // shown again until answered
        await Api.AcceptedAsync(http, server, gold, "a", "ana");
        Assert.Equal(-2, await TwoRunAnswersThenNextAsync(http, server, "ana"));
        await Api.AcceptedAsync(http, server, -2, "a", "ana");
        // bo: gold 1 wrong; carl: gold 1 right.
        Assert.Equal(-1, await TwoRunAnswersThenNextAsync(http, server, "bo"));
        await Api.AcceptedAsync(http, server, -1, "b", "bo");
        Assert.Equal(-1, await TwoRunAnswersThenNextAsync(http, server, "carl"));
        await Api.AcceptedAsync(http, server, -1, "a", "carl");

        // A gold triplet is answered once per rater; its answers are no judgments of the run.
        using (var again = await Api.AnswerAsync(http, server, -1, "b", "ana")) Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(8, queue.Progress.Answered);
        Assert.Equal(4, queue.Progress.Waiting);
        Assert.Equal(4, kept.Count);
        Assert.Equal([true, false, false, true], kept.Select(k => k.Correct));

        var stats = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Address, "api/raters"));
        var raters = stats.GetProperty("raters").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["ana", "bo", "carl"], raters.Keys.Order());
        Assert.Equal(4, raters["ana"].GetProperty("answered").GetInt32());
        Assert.Equal(2, raters["ana"].GetProperty("goldAnswered").GetInt32());
        Assert.Equal(0.5, raters["ana"].GetProperty("goldAccuracy").GetDouble());
        Assert.Equal(0.0, raters["bo"].GetProperty("goldAccuracy").GetDouble());
        Assert.Equal(1.0, raters["carl"].GetProperty("goldAccuracy").GetDouble());
        // Gold 1 has three answers (A, B, A): 3 pairs, 1 agreeing; gold 2 has one answer, no pair.
        var agreement = stats.GetProperty("agreement");
        Assert.Equal(3, agreement.GetProperty("pairs").GetInt32());
        Assert.Equal(1, agreement.GetProperty("agreeing").GetInt32());
        Assert.Equal(1.0 / 3, agreement.GetProperty("rate").GetDouble(), 12);
    }

    [Fact]
    public async Task A_rater_over_the_limit_is_told_to_wait_and_others_are_not()
    {
        // Bursts of 2, one answer a minute after that: a third answer right away is over the limit.
        var (server, queue, _) = await ServeAsync(triplets: 6, new AnswerRateLimit(PerMinute: 1, Burst: 2), gold: false);
        await using var __ = server;
        using var http = new HttpClient();
        for (int i = 0; i < 2; i++) await Api.AcceptedAsync(http, server, (await Api.NextAsync(http, server, "ana"))!.Value, "a", "ana");
        long third = (await Api.NextAsync(http, server, "ana"))!.Value;
        using (var refused = await Api.AnswerAsync(http, server, third, "a", "ana"))
        {
            Assert.Equal((HttpStatusCode)429, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "a 429 says when to try again");
        }
        Assert.NotNull(queue.Find(third));
        await Api.AcceptedAsync(http, server, (await Api.NextAsync(http, server, "bo"))!.Value, "b", "bo");
        Assert.Equal(3, queue.Progress.Answered);
    }

    [Fact]
    public void Gold_answers_kept_in_the_database_count_again_after_a_restart()
    {
        string dir = Path.Combine(Path.GetTempPath(), "qd-gold-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, Storage.JudgmentDatabase.FileName);
            var gold = Gold();
            using (var database = Storage.JudgmentDatabase.Open(path, []))
            {
                var book = new RaterBook(gold, goldEvery: 1, answeredBy: [], goldAnswered: [], onGold: database.InsertGold);
                Assert.Equal(JudgingAnswerResult.Accepted, book.AnswerGold(-1, TripletAnswer.A, "ana", DateTimeOffset.UnixEpoch));
                Assert.Equal(JudgingAnswerResult.Skipped, book.AnswerGold(-2, null, "ana", DateTimeOffset.UnixEpoch));
                Assert.Equal(JudgingAnswerResult.Accepted, book.AnswerGold(-2, TripletAnswer.A, "bo", DateTimeOffset.UnixEpoch));
            }
            using (var database = Storage.JudgmentDatabase.Open(path, []))
            {
                var kept = database.ReadGold();
                Assert.Equal([("ana", (TripletAnswer?)TripletAnswer.A, true), ("ana", null, false), ("bo", TripletAnswer.A, false)],
                    kept.Select(k => (k.Rater, k.Answer, k.Correct)));
                var book = new RaterBook(gold, goldEvery: 1, answeredBy: ["bo", "bo"], goldAnswered: kept);
                // Answered before the restart: not asked again.
                Assert.Equal(JudgingAnswerResult.NotPending, book.AnswerGold(-1, TripletAnswer.A, "ana", DateTimeOffset.UnixEpoch));
                var stats = book.Stats();
                Assert.Equal([("ana", 0, 1, 1), ("bo", 2, 1, 0)], stats.Select(r => (r.Rater, r.Answered, r.GoldAnswered, r.GoldCorrect)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}

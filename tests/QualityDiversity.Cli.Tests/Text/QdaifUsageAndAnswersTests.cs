using System.Globalization;
using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Testing;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Cli.Tests.Text;

/// <summary>
/// Model usage over a run cut off after its last checkpoint, and an endpoint that answers with
/// nonsense, against a loopback chat-completions server.
/// </summary>
public sealed class QdaifUsageAndAnswersTests
{
    private static string Config(Uri endpoint, int steps = 32, int checkpointEvery = 1) => $$"""
        {
          "name": "qdaif-usage",
          "seed": 5,
          "text": {
            "domain": "opinions",
            "mode": "llm",
            "variation": "near",
            "steps": {{steps}},
            "batch_size": 8,
            "checkpoint_every": {{checkpointEvery}},
            "init": { "max_steps": 50 },
            "llm": { "endpoint": "{{endpoint}}", "model": "loopback", "max_concurrency": 8, "initial_backoff_seconds": 0.01,
                     "prompt_price_per_million": 0.5, "completion_price_per_million": 2 }
          }
        }
        """;

    private static void PointAt(string dir, Uri endpoint)
    {
        string path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), @"http://127\.0\.0\.1:\d+/v1/?", endpoint.ToString()));
    }

    // Every metrics column but the elapsed time.
    private static string[] Metrics(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
        int elapsed = Array.IndexOf(lines[0].Split(','), "elapsed_s");
        Assert.True(elapsed > 0, lines[0]);
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != elapsed))).ToArray();
    }

    private static long Column(string[] metrics, string name) =>
        long.Parse(metrics[^1].Split(',')[Array.IndexOf(metrics[0].Split(','), name)], CultureInfo.InvariantCulture);

    [Fact]
    public async Task Calls_paid_after_the_last_checkpoint_of_a_cut_off_run_are_counted_once_on_resume()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("reference"), cut = dir.File("cut");
        int referenceRequests;
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            var whole = Qd.Run("run", dir.WriteFile("a.json", Config(server.BaseUri, checkpointEvery: 3)), "--out", reference);
            Assert.True(whole.ExitCode == 0, whole.Err + whole.Out);
            referenceRequests = server.TotalRequests;
        }

        // Checkpoints come after every third batch; stopping after the batch that ends at step 24
        // leaves that batch's answers in the cache and the last checkpoint at step 16, as a kill
        // at that moment would (no call is in flight between batches).
        int firstPart;
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            using var stop = new CancellationTokenSource();
            var interrupted = Qd.Run(["run", dir.WriteFile("b.json", Config(server.BaseUri, checkpointEvery: 3)), "--out", cut], r => { if (r.Iteration == 24) stop.Cancel(); }, stop.Token);
            Assert.Equal(130, interrupted.ExitCode);
            firstPart = server.TotalRequests;
        }

        int secondPart;
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            PointAt(cut, server.BaseUri);
            var resumed = Qd.Run("resume", cut);
            Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
            Assert.Contains("from step 16 of 32", resumed.Out);
            secondPart = server.TotalRequests;
            Assert.Contains($"Model calls: {referenceRequests:N0} paid", resumed.Out);
        }

        // The answers of the batch after the checkpoint were not bought twice ...
        Assert.Equal(referenceRequests, firstPart + secondPart);
        // ... and every row, calls, cache hits, tokens and cost included, is the uninterrupted run's.
        var expected = Metrics(reference);
        Assert.True(expected.SequenceEqual(Metrics(cut)), string.Join("\n", expected) + "\n---\n" + string.Join("\n", Metrics(cut)));
        Assert.Equal(referenceRequests, Column(expected, "llm_calls"));
        Assert.True(Column(expected, "completion_tokens") > 0);
    }

    [Fact]
    public async Task Plotting_a_text_run_leaves_its_answer_cache_alone_even_with_a_line_still_being_written()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        string output = dir.File("run");
        Assert.Equal(0, Qd.Run("run", dir.WriteFile("q.json", Config(server.BaseUri, steps: 8)), "--out", output).ExitCode);
        // As a live run leaves it between two writes of one answer: the last line not yet complete.
        string cache = Path.Combine(output, "llm-cache.jsonl");
        File.AppendAllText(cache, "{\"key\":\"abc\",\"model\":\"loopback\",\"te");
        byte[] before = File.ReadAllBytes(cache);
        var written = new FileInfo(cache).LastWriteTimeUtc;

        var plot = Qd.Run("plot", output);

        Assert.True(plot.ExitCode == 0, plot.Err + plot.Out);
        Assert.Equal(before, File.ReadAllBytes(cache));
        Assert.Equal(written, new FileInfo(cache).LastWriteTimeUtc);
    }

    [Fact]
    public async Task An_endpoint_answering_nonsense_stops_the_run_resumably_and_the_nonsense_is_asked_again()
    {
        bool nonsense = true;
        var model = new SimulatedTextModel();
        await using var server = await LoopbackChatServer.StartAsync((request, cancel) =>
            Volatile.Read(ref nonsense) ? Task.FromResult(ChatReply.Text("purple monkey dishwasher")) : model.RespondAsync(request, cancel));
        using var dir = new TempDirectory();
        string output = dir.File("run");

        var stopped = Qd.Run("run", dir.WriteFile("q.json", Config(server.BaseUri, steps: 16)), "--out", output);

        Assert.Equal(1, stopped.ExitCode);
        // The three seeds failed first (held back), then the whole first batch of 8: 11 in a row.
        Assert.Contains("The last 11 texts all failed: the model endpoint can be reached, but nothing it returned could be used", stopped.Err);
        Assert.Contains("The 2 batches of steps 0-8, which all failed, were not recorded, and the answers to them were withdrawn from llm-cache.jsonl", stopped.Err);
        Assert.Contains("resume the run in", stopped.Err);
        Assert.DoesNotContain("Done", stopped.Out);
        Assert.Empty(TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl")));
        int nonsenseCalls = server.TotalRequests;

        Volatile.Write(ref nonsense, false);
        var resumed = Qd.Run("resume", output);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(3 + 16, rows.Count);
        // The withdrawn seeds and batch were asked again and answered by the working model.
        Assert.All(rows, r => Assert.DoesNotContain("purple monkey", r.Text ?? "", StringComparison.Ordinal));
        Assert.Contains(rows.Take(3), r => r.Failure is null);
        Assert.Contains(rows.Skip(3), r => r.Failure is null);
        // Every call the server answered is counted once, the nonsense included.
        var metrics = Metrics(output);
        Assert.True(server.TotalRequests > nonsenseCalls);
        Assert.Equal(server.TotalRequests, Column(metrics, "llm_calls"));
    }

    // Garbage a working endpoint may send with HTTP 200, for every request while it lasts.
    public static TheoryData<string> Garbage => ["empty", "refusal", "not-json", "out-of-range"];

    private static ChatReply GarbageReply(string kind) => kind switch
    {
        "empty" => ChatReply.Text(""),
        "refusal" => ChatReply.Refused("I can't help with that."),
        // A text for the generator, but no rating, label or yes/no for a judge.
        "not-json" => ChatReply.Text("{\"rating\": oops"),
        _ => ChatReply.Text("5000"),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Small_batches_of_garbage_stop_the_run_before_any_of_them_is_recorded_and_a_resume_asks_again(string kind)
    {
        bool garbage = true;
        var model = new SimulatedTextModel();
        await using var server = await LoopbackChatServer.StartAsync((request, cancel) =>
            Volatile.Read(ref garbage) ? Task.FromResult(GarbageReply(kind)) : model.RespondAsync(request, cancel));
        using var dir = new TempDirectory();
        string output = dir.File("run");
        string config = Config(server.BaseUri, steps: 12).Replace("\"batch_size\": 8", "\"batch_size\": 2", StringComparison.Ordinal);

        var stopped = Qd.Run("run", dir.WriteFile("q.json", config), "--out", output);

        // Seeds (3 texts), then batches of 2: the limit of 8 is passed after three batches, at step 6.
        Assert.True(stopped.ExitCode == 1, stopped.Err + stopped.Out);
        Assert.Contains("The last 9 texts all failed: the model endpoint can be reached, but nothing it returned could be used", stopped.Err);
        Assert.Contains("The 4 batches of steps 0-6, which all failed, were not recorded", stopped.Err);
        Assert.DoesNotContain("Exception", stopped.Err, StringComparison.Ordinal);
        Assert.Empty(TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl")));
        Assert.False(File.Exists(Path.Combine(output, "metrics.csv")));
        int garbageCalls = server.TotalRequests;
        Assert.True(garbageCalls >= 9, $"{garbageCalls} calls");

        Volatile.Write(ref garbage, false);
        var resumed = Qd.Run("resume", output);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(3 + 12, rows.Count);
        Assert.Equal(15, rows.Count(r => r.Failure is null));
        var metrics = Metrics(output);
        Assert.Equal(server.TotalRequests, Column(metrics, "llm_calls"));
        Assert.Equal(0, Column(metrics, "failed"));
    }

    [Fact]
    public async Task A_batch_of_garbage_between_good_ones_is_recorded_as_failed_and_the_run_goes_on()
    {
        // Empty answers for the one batch after step 2: it fails whole, is held back, and is
        // recorded once the next batch is answered.
        bool garbage = false;
        var model = new SimulatedTextModel();
        await using var server = await LoopbackChatServer.StartAsync((request, cancel) =>
            Volatile.Read(ref garbage) ? Task.FromResult(ChatReply.Text("")) : model.RespondAsync(request, cancel));
        using var dir = new TempDirectory();
        string output = dir.File("run");
        string config = Config(server.BaseUri, steps: 8).Replace("\"batch_size\": 8", "\"batch_size\": 2", StringComparison.Ordinal);

        var run = Qd.Run(["run", dir.WriteFile("q.json", config), "--out", output], r => Volatile.Write(ref garbage, r.Iteration == 2));

        Assert.True(run.ExitCode == 0, run.Err + run.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(3 + 8, rows.Count);
        Assert.Equal(2, rows.Count(r => r.Failure == "The model returned an empty answer."));
        // Seeds at step 0, then steps 1-2, then the empty batch of steps 3-4.
        Assert.All(rows.Skip(5).Take(2), r => Assert.Equal("The model returned an empty answer.", r.Failure));
        Assert.Equal([0, 2, 4, 6, 8], File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
        Assert.Equal(2, Column(Metrics(output), "failed"));
    }
}

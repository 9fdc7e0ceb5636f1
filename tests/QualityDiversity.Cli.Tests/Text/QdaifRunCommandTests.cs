using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Testing;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Cli.Tests.Text;

/// <summary><c>qd run</c> and <c>qd resume</c> on QDAIF configurations against a loopback chat-completions server.</summary>
public sealed class QdaifRunCommandTests
{
    private static string Config(Uri endpoint, string domain = "opinions", string variation = "near", int steps = 32, int initMaxSteps = 50) => $$"""
        {
          "name": "qdaif-test",
          "seed": 3,
          "text": {
            "domain": "{{domain}}",
            "mode": "llm",
            "variation": "{{variation}}",
            "steps": {{steps}},
            "batch_size": 8,
            "init": { "max_steps": {{initMaxSteps}} },
            "llm": { "endpoint": "{{endpoint}}", "model": "loopback", "max_concurrency": 8, "initial_backoff_seconds": 0.01 }
          }
        }
        """;

    [Fact]
    public async Task A_qdaif_run_writes_its_dataset_cache_and_usage()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        string output = dir.File("run");
        string json = Config(server.BaseUri).Replace("\"model\": \"loopback\",", "\"model\": \"loopback\", \"prompt_price_per_million\": 0.5, \"completion_price_per_million\": 2,");
        var result = Qd.Run("run", dir.WriteFile("q.json", json), "--out", output);
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        Assert.Contains("QDAIF on 'opinions'", result.Out);
        Assert.Contains(", cost ", result.Out);
        Assert.Contains($"Model calls: {server.TotalRequests:N0} paid", result.Out);

        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(3 + 32, rows.Count);
        Assert.Contains(rows, r => r.Operator == "lmx_near" && r.ParentIds.Count > 0);
        Assert.All(rows.Where(r => r.Status != "generation_failed"), r => Assert.Contains(r.Annotations, a => a.Key == "sentiment.mode" && a.Value == "logprobs"));
        Assert.True(File.Exists(Path.Combine(output, "llm-cache.jsonl")));
        Assert.True(File.Exists(Path.Combine(output, "heatmap.png")));
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.StartsWith("step,proposed,failed,elites,coverage,qd_score,max_quality,llm_calls,cache_hits,retries,llm_failures,prompt_tokens,completion_tokens", metrics[0]);
        var last = metrics[^1].Split(',');
        Assert.Equal(server.TotalRequests.ToString(), last[7]);
        double expectedCost = (long.Parse(last[11]) * 0.5 + long.Parse(last[12]) * 2) / 1e6;
        Assert.Equal(expectedCost, double.Parse(last[14], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.True(expectedCost > 0);
    }

    [Fact]
    public async Task An_interrupted_qdaif_run_resumes_without_asking_anything_twice()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("reference"), resumed = dir.File("resumed");
        int referenceRequests;
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            Assert.Equal(0, Qd.Run("run", dir.WriteFile("a.json", Config(server.BaseUri)), "--out", reference).ExitCode);
            referenceRequests = server.TotalRequests;
        }

        int firstPart;
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            using var stop = new CancellationTokenSource();
            var interrupted = Qd.Run(["run", dir.WriteFile("b.json", Config(server.BaseUri)), "--out", resumed], r => { if (r.Iteration == 16) stop.Cancel(); }, stop.Token);
            Assert.Equal(130, interrupted.ExitCode);
            Assert.Contains("Interrupted at step 16 of 32", interrupted.Out);
            firstPart = server.TotalRequests;
        }

        // The endpoint may even move: the answers already paid for come from the run's cache.
        await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
        {
            string config = File.ReadAllText(Path.Combine(resumed, "config.json"));
            File.WriteAllText(Path.Combine(resumed, "config.json"), System.Text.RegularExpressions.Regex.Replace(config, @"http://127\.0\.0\.1:\d+/v1/?", server.BaseUri.ToString()));
            var result = Qd.Run("resume", resumed);
            Assert.True(result.ExitCode == 0, result.Err + result.Out);
            Assert.Equal(referenceRequests, firstPart + server.TotalRequests);
        }
        var a = TextDatasetJsonl.Read(Path.Combine(reference, "dataset.jsonl"));
        var b = TextDatasetJsonl.Read(Path.Combine(resumed, "dataset.jsonl"));
        Assert.Equal(a.Select(r => (r.Id, r.Text, r.Status, r.Quality)), b.Select(r => (r.Id, r.Text, r.Status, r.Quality)));
    }

    [Fact]
    public async Task An_endpoint_failing_after_retries_stops_the_run_resumably_and_usage_carries_over()
    {
        bool failing = true;
        var model = new SimulatedTextModel();
        await using var server = await LoopbackChatServer.StartAsync((request, cancel) =>
            Volatile.Read(ref failing) ? Task.FromResult(ChatReply.ServerError()) : model.RespondAsync(request, cancel));
        using var dir = new TempDirectory();
        string json = Config(server.BaseUri, steps: 16).Replace("\"max_concurrency\": 8,", "\"max_concurrency\": 8, \"max_retries\": 1,");
        string output = dir.File("run");
        var failed = Qd.Run("run", dir.WriteFile("q.json", json), "--out", output);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("kept failing after retries (HTTP 500", failed.Err);
        Assert.Contains("that batch was not recorded", failed.Err);
        Assert.Empty(TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl")));

        Volatile.Write(ref failing, false);
        var first = Qd.Run("resume", output, "--iterations", "8");
        Assert.True(first.ExitCode == 0, first.Err + first.Out);
        var second = Qd.Run("resume", output, "--iterations", "16");
        Assert.True(second.ExitCode == 0, second.Err + second.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.DoesNotContain(rows, r => r.Failure is not null && r.Failure.Contains("HTTP 500"));
        // Model calls are counted over both processes: the column never falls back to zero.
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var calls = metrics.Select(f => long.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int endOfFirst = Array.FindIndex(metrics, f => f[0] == "8");
        Assert.Equal(calls.Order(), calls);
        Assert.True(calls[^1] > calls[endOfFirst], string.Join(",", calls));
    }

    [Fact]
    public async Task Poetry_rewrites_on_a_categorical_archive_and_prompts_are_judged_by_their_answers()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        var poetry = Qd.Run("run", dir.WriteFile("p.json", Config(server.BaseUri, "poetry", "rewrite", steps: 16, initMaxSteps: 8)), "--out", dir.File("poetry"));
        Assert.True(poetry.ExitCode == 0, poetry.Err + poetry.Out);
        var poems = TextDatasetJsonl.Read(Path.Combine(dir.File("poetry"), "dataset.jsonl"));
        Assert.True(poems.Any(r => r.Operator == "rewrite" && r.Status is "new" or "improved" or "not_added"),
            string.Join("\n", poems.Select(r => $"{r.Step} {r.Operator} {r.Status} {r.Failure}")));
        Assert.All(poems.Where(r => r.Measures.Count > 0), r => Assert.All(r.Measures, m => Assert.Equal(Math.Round(m), m)));
        Assert.Contains(server.ChatRequests, r => r.LastUserMessage.StartsWith("Rewrite this", StringComparison.Ordinal));

        var prompts = Qd.Run("run", dir.WriteFile("r.json", Config(server.BaseUri, "prompts", steps: 8)), "--out", dir.File("prompts"));
        Assert.True(prompts.ExitCode == 0, prompts.Err + prompts.Out);
        // Each prompt is used as the system message of the task questions.
        Assert.Contains(server.ChatRequests, r => r.Messages.Count == 2 && r.Messages[0].Role == "system" && r.LastUserMessage == "Why is the sky blue?");
    }

    [Fact]
    public async Task An_unreachable_endpoint_stops_the_run_with_a_clear_error_and_a_resumable_directory()
    {
        Uri closed;
        await using (var gone = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("x"))) closed = gone.BaseUri;
        using var dir = new TempDirectory();
        string output = dir.File("run");
        var failed = Qd.Run("run", dir.WriteFile("q.json", Config(closed, steps: 16)), "--out", output);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("could not be used (Could not reach the endpoint", failed.Err);
        Assert.Contains("qd resume", failed.Err);

        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        string config = File.ReadAllText(Path.Combine(output, "config.json"));
        File.WriteAllText(Path.Combine(output, "config.json"), config.Replace(closed.ToString(), server.BaseUri.ToString()));
        var resumed = Qd.Run("resume", output);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(3 + 16, rows.Count);
        Assert.DoesNotContain(rows, r => r.Failure is not null && r.Failure.Contains("reach"));
    }

    [Fact]
    public async Task Measures_can_be_embedded_while_the_model_judges_quality()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        string json = Config(server.BaseUri, steps: 8).Replace("\"batch_size\": 8,", "\"batch_size\": 8, \"measures\": \"embedding\",");
        var result = Qd.Run("run", dir.WriteFile("q.json", json), "--out", dir.File("run"));
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        var rows = TextDatasetJsonl.Read(Path.Combine(dir.File("run"), "dataset.jsonl"));
        Assert.All(rows, r => Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "embedding"), r.Annotations));
        Assert.All(rows, r => Assert.Contains(new KeyValuePair<string, string>("quality.mode", "logprobs"), r.Annotations));
        Assert.DoesNotContain(server.ChatRequests, r => r.LastUserMessage.Contains("sentiment of this opinion"));
    }

    [Fact]
    public async Task A_refused_key_stops_the_run_and_a_missing_key_variable_is_a_config_error()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Status(401, "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}"));
        using var dir = new TempDirectory();
        var refused = Qd.Run("run", dir.WriteFile("q.json", Config(server.BaseUri, steps: 8)), "--out", dir.File("run"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("HTTP 401", refused.Err);
        Assert.Equal(1 * 3 * 2, server.TotalRequests); // the seed batch only: 3 seeds x 2 judgments, then it stops

        string json = Config(server.BaseUri, steps: 8).Replace("\"model\": \"loopback\",", "\"model\": \"loopback\", \"api_key_env\": \"QD_TEST_KEY_THAT_IS_NOT_SET\",");
        var missing = Qd.Run("run", dir.WriteFile("k.json", json), "--out", dir.File("k"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("QD_TEST_KEY_THAT_IS_NOT_SET", missing.Err);
    }

    [Fact]
    public async Task Zero_shot_initialisation_prompts_with_the_header_alone()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        string json = Config(server.BaseUri, steps: 8).Replace("\"init\": { \"max_steps\": 50 }", "\"init\": { \"max_steps\": 50, \"min_cells\": 20, \"zero_shot\": true }");
        var result = Qd.Run("run", dir.WriteFile("z.json", json), "--out", dir.File("run"));
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        var generations = server.ChatRequests.Where(r => r.Messages[0].Role == "system" && r.Messages[0].Content.StartsWith("You continue", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, generations.Count);
        Assert.All(generations, r => Assert.Equal("Here is a random opinion piece about eating vegetables and plant-based foods:\n", r.LastUserMessage));
        // Same prompt, different steps: distinct samples through distinct seeds.
        Assert.Equal(8, generations.Select(r => r.Seed).Distinct().Count());
        var rows = TextDatasetJsonl.Read(Path.Combine(dir.File("run"), "dataset.jsonl"));
        Assert.All(rows.Where(r => r.Step > 0), r => Assert.Equal("lmx_zero_shot", r.Operator));
    }
}

using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Testing;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Cli.Tests.Text;

/// <summary>QDHF over texts: measures learned from similarity judgments while a text search runs.</summary>
public sealed class LearnedTextMeasuresTests
{
    private static string Learned(string judge, string extra = "") =>
        $"\"measures\": \"learned\", \"learned\": {{ \"dims\": 2, \"judgments\": 200, \"updates\": [0, 16, 32], \"bins\": 8, \"judge\": \"{judge}\" {extra} }},";

    [Fact]
    public void An_offline_run_learns_its_measures_from_simulated_judgments_and_resumes_exactly()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("l.json", OfflineTextRunTests.Config(steps: 48, extra: Learned("simulated")));
        string a = dir.File("a"), b = dir.File("b");
        var full = Qd.Run("run", config, "--out", a);
        Assert.True(full.ExitCode == 0, full.Err + full.Out);
        Assert.Contains("Measure update 1 before step 0: 66 new judgments", full.Out);
        Assert.Contains("Measure update 3 before step 32", full.Out);
        Assert.True(File.Exists(Path.Combine(a, "judgments.jsonl")));
        Assert.StartsWith("cell,learned_0_bin,learned_1_bin,quality,learned_0,learned_1,", File.ReadAllLines(Path.Combine(a, "elites.csv"))[0]);
        var rows = TextDatasetJsonl.Read(Path.Combine(a, "dataset.jsonl"));
        Assert.All(rows, r => Assert.Equal(2, r.Measures.Count));
        // The hand-defined sentiment axis is kept beside the learned measures for comparison.
        Assert.All(rows, r => Assert.Contains(r.Annotations, x => x.Key == "inner.measure_0"));

        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 24) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "elites.csv")), File.ReadAllText(Path.Combine(b, "elites.csv")));
        // The resumed run trained on as many judgments as the uninterrupted one, replaying those it already had.
        Assert.Contains("Measure update 3 before step 32: 66 new judgments (198 in total)", full.Out);
        Assert.Contains("(198 in total)", resumed.Out);
    }

    [Fact]
    public async Task A_qdaif_run_learns_its_measures_from_the_models_similarity_answers()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var dir = new TempDirectory();
        string json = $$"""
            {
              "name": "learned-llm", "seed": 2,
              "text": {
                "domain": "opinions", "mode": "llm", "steps": 40, "batch_size": 8,
                {{Learned("llm", ", \"aspect\": \"in sentiment\"")}}
                "llm": { "endpoint": "{{server.BaseUri}}", "model": "loopback", "max_concurrency": 16 }
              }
            }
            """;
        var result = Qd.Run("run", dir.WriteFile("q.json", json), "--out", dir.File("run"));
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        Assert.Contains("Measure update 3 before step 32", result.Out);
        Assert.Contains(server.ChatRequests, r => r.LastUserMessage.Contains("more similar to the reference in sentiment"));
        // With learned measures the model is not asked to place texts on the domain's own axis.
        Assert.DoesNotContain(server.ChatRequests, r => r.LastUserMessage.Contains("What is the sentiment of this opinion"));
        var rows = TextDatasetJsonl.Read(Path.Combine(dir.File("run"), "dataset.jsonl"));
        Assert.Contains(rows, r => r.Status == "new");
    }

    [Fact]
    public void Learned_settings_are_checked()
    {
        using var dir = new TempDirectory();
        var offlineLlm = Qd.Run("run", dir.WriteFile("a.json", OfflineTextRunTests.Config(steps: 8, extra: Learned("llm"))), "--out", dir.File("a"));
        Assert.Contains("use 'simulated'", offlineLlm.Err);
        var late = Qd.Run("run", dir.WriteFile("b.json", OfflineTextRunTests.Config(steps: 8, extra: Learned("simulated").Replace("[0, 16, 32]", "[5, 16]"))), "--out", dir.File("b"));
        Assert.Contains("must start with 0", late.Err);
        var stray = Qd.Run("run", dir.WriteFile("c.json", OfflineTextRunTests.Config(steps: 8, extra: "\"learned\": { \"dims\": 2 },")), "--out", dir.File("c"));
        Assert.Contains("applies only with", stray.Err);
    }
}

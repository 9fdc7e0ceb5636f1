using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Cli.Tests.Text;

/// <summary>The offline text mode end to end through the command line: outputs, resume, errors.</summary>
public sealed class OfflineTextRunTests
{
    internal static string Config(int steps, int batch = 8, string variation = "near", string extra = "") => $$"""
        {
          "name": "offline-test",
          "seed": 5,
          "text": {
            "domain": "opinions",
            "mode": "offline",
            "variation": "{{variation}}",
            "steps": {{steps}},
            "batch_size": {{batch}},
            {{extra}}
            "seeds": [
              "Roasted vegetables are delicious. I could eat them every day. They make me feel great.",
              "Vegetables taste terrible. Salads leave me hungry. I hate being told to eat more greens.",
              "Beans are cheap and filling. Carrots are fine. Nobody needs meat at every meal.",
              "Tofu is bland and spongy. Plant-based burgers are a sad imitation. I miss real food."
            ]
          }
        }
        """;

    [Fact]
    public void An_offline_run_writes_the_archive_the_dataset_and_the_figures()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("t.json", Config(steps: 48));
        string output = dir.File("run");
        var result = Qd.Run("run", config, "--out", output);
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        Assert.Contains("offline text search", result.Out);
        Assert.Contains("not QDAIF", result.Out);
        foreach (var file in new[] { "config.json", "metrics.csv", "dataset.jsonl", "dataset.parquet", "elites.csv", "checkpoint.bin", "heatmap.png", "metrics.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing");

        var rows = TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl"));
        Assert.Equal(4 + 48, rows.Count);
        Assert.Equal(rows.Select(r => r.Id), TextDatasetParquet.Read(Path.Combine(output, "dataset.parquet")).Select(r => r.Id));
        Assert.Equal(["sentiment"], TextDatasetParquet.ReadMeasureNames(Path.Combine(output, "dataset.parquet")));
        Assert.All(rows, r => Assert.InRange(r.Measures[0], 0, 1));
        var elites = File.ReadAllLines(Path.Combine(output, "elites.csv"));
        Assert.Equal(rows.Count(r => r.Status == "new"), elites.Length - 1);
        Assert.StartsWith("cell,sentiment_bin,quality,sentiment,id,step,operator,parent_ids,cell_depth,text", elites[0]);

        File.Delete(Path.Combine(output, "heatmap.png"));
        var plot = Qd.Run("plot", output, "--svg");
        Assert.True(plot.ExitCode == 0, plot.Err);
        Assert.True(File.Exists(Path.Combine(output, "heatmap.png")));
        Assert.True(File.Exists(Path.Combine(output, "heatmap.svg")));
    }

    [Fact]
    public void An_interrupted_offline_run_resumes_to_the_same_result()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("t.json", Config(steps: 64));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);

        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 32) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("Interrupted at step 32 of 64", interrupted.Out);
        Assert.Equal(4 + 32, TextDatasetJsonl.Read(Path.Combine(b, "dataset.jsonl")).Count);

        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        Assert.Contains("Resuming 'offline-test' from step 32 of 64", resumed.Out);

        var full = TextDatasetJsonl.Read(Path.Combine(a, "dataset.jsonl"));
        var joined = TextDatasetJsonl.Read(Path.Combine(b, "dataset.jsonl"));
        Assert.Equal(full.Select(r => (r.Id, r.Text, r.Status, r.Quality)), joined.Select(r => (r.Id, r.Text, r.Status, r.Quality)));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "elites.csv")), File.ReadAllText(Path.Combine(b, "elites.csv")));
    }

    [Fact]
    public void Seed_and_iterations_options_are_recorded_in_the_run_config()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("t.json", Config(steps: 500));
        string output = dir.File("run");
        var result = Qd.Run("run", config, "--out", output, "--seed", "9", "--iterations", "16");
        Assert.Equal(0, result.ExitCode);
        string recorded = File.ReadAllText(Path.Combine(output, "config.json"));
        Assert.Contains("\"steps\": 16", recorded);
        Assert.Contains("\"seed\": 9", recorded);
        Assert.Equal(4 + 16, TextDatasetJsonl.Read(Path.Combine(output, "dataset.jsonl")).Count);
    }

    [Theory]
    [InlineData("\"domain\": \"recipes\",", "unknown domain 'recipes'")]
    [InlineData("\"llm\": {\"endpoint\": \"not a url\", \"model\": \"m\"},", "endpoint")]
    [InlineData("\"colour\": \"blue\",", "colour")]
    [InlineData("\"batch_size\": 0,", "batch_size")]
    public void Bad_text_configs_are_refused_with_the_key_named(string extra, string expected)
    {
        using var dir = new TempDirectory();
        string json = Config(steps: 8, extra: extra);
        if (extra.StartsWith("\"domain\"", StringComparison.Ordinal)) json = json.Replace("\"domain\": \"opinions\",", "");
        if (extra.StartsWith("\"batch_size\"", StringComparison.Ordinal)) json = json.Replace("\"batch_size\": 8,", "");
        string config = dir.WriteFile("t.json", json);
        var result = Qd.Run("run", config, "--out", dir.File("run"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void Rewrite_needs_a_model_and_llm_mode_needs_an_endpoint()
    {
        using var dir = new TempDirectory();
        var rewrite = Qd.Run("run", dir.WriteFile("r.json", Config(steps: 8, variation: "rewrite")), "--out", dir.File("r"));
        Assert.Contains("'rewrite' needs a language model", rewrite.Err);
        var llm = Qd.Run("run", dir.WriteFile("l.json", Config(steps: 8).Replace("\"offline\"", "\"llm\"")), "--out", dir.File("l"));
        Assert.Contains("needs an 'llm' section", llm.Err);
    }
}

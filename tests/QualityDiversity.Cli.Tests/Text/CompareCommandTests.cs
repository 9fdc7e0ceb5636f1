using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Text;

/// <summary><c>qd compare</c>: variations x trials of a text search, summarised and resumable.</summary>
public sealed class CompareCommandTests
{
    [Fact]
    public void A_comparison_runs_every_variation_and_trial_then_reuses_them()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("t.json", OfflineTextRunTests.Config(steps: 16));
        string output = dir.File("cmp");
        var first = Qd.Run("compare", config, "--variations", "near,fixed_few_shot", "--trials", "2", "--out", output);
        Assert.True(first.ExitCode == 0, first.Err + first.Out);
        Assert.Contains("[4/4]", first.Out);
        foreach (var v in new[] { "near", "fixed_few_shot" })
            for (int t = 0; t < 2; t++)
            {
                string run = Path.Combine(output, v, $"trial-{t}");
                Assert.True(File.Exists(Path.Combine(run, "dataset.jsonl")));
                Assert.Contains($"\"variation\": \"{v}\"", File.ReadAllText(Path.Combine(run, "config.json")));
                Assert.Contains($"\"seed\": {5 + t}", File.ReadAllText(Path.Combine(run, "config.json")));
            }
        var summary = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal("variation,trials,qd_score_mean,qd_score_std,coverage_mean,coverage_std,failed_mean,model_calls_mean", summary[0]);
        Assert.StartsWith("near,2,", summary[1]);
        Assert.StartsWith("fixed_few_shot,2,", summary[2]);
        Assert.True(File.Exists(Path.Combine(output, "comparison.png")));
        Assert.Contains("| near | 2 |", File.ReadAllText(Path.Combine(output, "summary.md")));

        var again = Qd.Run("compare", config, "--variations", "near,fixed_few_shot", "--trials", "2", "--out", output);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Reusing 4 finished trial(s).", again.Out);
        Assert.Equal(summary, File.ReadAllLines(Path.Combine(output, "summary.csv")));
    }

    [Fact]
    public void Unknown_variations_and_vector_configs_are_refused()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("t.json", OfflineTextRunTests.Config(steps: 8));
        var unknown = Qd.Run("compare", config, "--variations", "near,telepathy");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("telepathy", unknown.Err);
        var rewriteOffline = Qd.Run("compare", config, "--variations", "rewrite", "--out", dir.File("x"));
        Assert.Contains("'rewrite' needs a language model", rewriteOffline.Err);
        var vector = Qd.Run("compare", Repository.Example("arm-map-elites.json"));
        Assert.Contains("not a text-search configuration", vector.Err);
    }

    [Fact]
    public void A_device_that_never_ends_is_refused_as_a_config_without_being_read_whole()
    {
        var endless = Qd.Run("compare", "/dev/zero");
        Assert.True(endless.ExitCode == 2, endless.Err);
        Assert.Contains("config file '/dev/zero' is larger than", endless.Err);
        Assert.DoesNotContain("unexpected", endless.Err);
    }
}

using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>Runs with a <c>measures</c> section: QDHF (the default run), AURORA and ground truth.</summary>
public sealed class LearnedMeasureRunTests
{
    private static string Config(string measures, int iterations = 120, int checkpointEvery = 50) => $$"""
        {
          "name": "learned",
          "seed": 4,
          "iterations": {{iterations}},
          "checkpoint_every": {{checkpointEvery}},
          "task": { "name": "arm", "dim": 10 },
          "archive": { "type": "grid", "dims": [30, 30] },
          "initial_population": { "count": 60 },
          "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 50 } ],
          "measures": {{measures}}
        }
        """;

    private const string Qdhf = """{ "type": "qdhf", "judgments": 400 }""";

    [Fact]
    public void The_default_run_is_qdhf_on_the_arm_and_reports_accuracy_at_every_update()
    {
        using var dir = new TempDirectory();
        var result = Qd.Run("run", "--iterations", "100", "--out", dir.Path);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("QDHF measures learned from 1,000 judgments by simulated (label noise 0%)", result.Out);
        // Progressive schedule for 100 iterations: 1, 11, 26, 51; a quarter of the judgments each.
        foreach (string iteration in new[] { "1", "11", "26", "51" })
            Assert.Contains($"at iteration {iteration} (QDHF): learned measures refitted, 250 new judgments", result.Out);
        Assert.Equal(4, result.Out.Split('\n').Count(l => l.Contains("validation accuracy 0.", StringComparison.Ordinal)));
        Assert.Contains("Ground truth at iteration 100: archive solutions QD score", result.Out);

        Assert.Equal(1000, File.ReadAllLines(Path.Combine(dir.Path, "judgments.jsonl")).Length);
        var updates = File.ReadAllLines(Path.Combine(dir.Path, "updates.csv"));
        Assert.Equal(5, updates.Length);
        var accuracies = updates.Skip(1).Select(row => double.Parse(row.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(accuracies, a => Assert.InRange(a, 0.0, 1.0));
        // The last fit, on all 1,000 judgments, recovers the end-effector space well.
        Assert.InRange(accuracies[^1], 0.9, 1.0);
        var scores = File.ReadAllLines(Path.Combine(dir.Path, "ground_truth.csv"));
        Assert.Equal(["20", "40", "60", "80", "100"], scores.Skip(1).Select(l => l.Split(',')[0]));
        // archive.csv holds the archive re-scored in ground-truth measures (end-effector within reach 10).
        var archive = File.ReadAllLines(Path.Combine(dir.Path, "archive.csv"));
        Assert.True(archive.Length > 100);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "heatmap.png")).Length > 5_000);
        Assert.True(File.Exists(Path.Combine(dir.Path, "learned-archive.csv")));
    }

    [Fact]
    public void A_crashed_run_resumes_to_the_uninterrupted_result_and_pays_for_no_judgment_twice()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Config(Qdhf));
        string a = dir.File("a"), b = dir.File("b");
        var whole = Qd.Run("run", config, "--out", a);
        Assert.True(whole.ExitCode == 0, whole.Err);

        // A failure in iteration 70: the last checkpoint is from iteration 50, but the update at
        // iteration 61 (schedule 1, 13, 31, 61) had already asked for, and saved, 100 judgments.
        var crashed = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 70) throw new IOException("power cut"); });
        Assert.Equal(1, crashed.ExitCode);
        Assert.Equal(400, File.ReadAllLines(Path.Combine(b, "judgments.jsonl")).Length);

        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("from iteration 50 of 120", resumed.Out);
        Assert.Contains("Judgments: 0 asked of 'simulated', 100 replayed from judgments.jsonl.", resumed.Out);
        Assert.Equal(400, File.ReadAllLines(Path.Combine(b, "judgments.jsonl")).Length);
        foreach (string file in new[] { "ground_truth.csv", "archive.csv", "learned-archive.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(a, file)), File.ReadAllText(Path.Combine(b, file)));
    }

    [Fact]
    public void A_cancelled_run_resumes_exactly()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Config("""{ "type": "aurora_pca", "schedule": [1, 40, 80] }""", iterations: 100));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);
        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 57) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("from iteration 57 of 100", resumed.Out);
        foreach (string file in new[] { "ground_truth.csv", "archive.csv", "learned-archive.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(a, file)), File.ReadAllText(Path.Combine(b, file)));
    }

    [Fact]
    public void Prior_judgments_are_reused_and_a_recorded_judge_replays_a_file()
    {
        using var dir = new TempDirectory();
        string first = dir.File("first");
        Assert.Equal(0, Qd.Run("run", dir.WriteFile("c1.json", Config(Qdhf, iterations: 40)), "--out", first).ExitCode);
        string recorded = Path.Combine(first, "judgments.jsonl").Replace("\\", "/");

        // The same seed asks the same triplets, so a recorded judge can answer every one of them.
        string replay = dir.File("replay");
        var result = Qd.Run("run", dir.WriteFile("c2.json", Config($$"""{ "type": "qdhf", "judgments": 400, "judge": { "type": "recorded", "path": "{{recorded}}" } }""", iterations: 40)), "--out", replay);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(first, "ground_truth.csv")), File.ReadAllText(Path.Combine(replay, "ground_truth.csv")));

        string withPrior = dir.File("prior");
        var prior = Qd.Run("run", dir.WriteFile("c3.json", Config($$"""{ "type": "qdhf", "judgments": 40, "schedule": "once", "prior_judgments": "{{recorded}}" }""", iterations: 20)), "--out", withPrior);
        Assert.True(prior.ExitCode == 0, prior.Err);
        Assert.Contains("40 new judgments (440 in total)", prior.Out);
    }

    [Fact]
    public void Quantile_bounds_are_narrower_than_min_max_and_written_to_the_config()
    {
        using var dir = new TempDirectory();
        string minMax = dir.File("minmax"), quantile = dir.File("quantile");
        Assert.Equal(0, Qd.Run("run", dir.WriteFile("a.json", Config("""{ "type": "aurora_pca", "schedule": "once" }""", iterations: 5)), "--out", minMax).ExitCode);
        var result = Qd.Run("run", dir.WriteFile("b.json", Config("""{ "type": "aurora_pca", "schedule": "once", "bounds": { "lower_quantile": 0.1, "upper_quantile": 0.9 } }""", iterations: 5)), "--out", quantile);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("\"lower_quantile\": 0.1", File.ReadAllText(Path.Combine(quantile, "config.json")));

        // Same seed, same PCA: the 10-90 % quantile bounds lie strictly inside the min-max ones.
        static double[] Bounds(string run) => File.ReadAllLines(Path.Combine(run, "updates.csv"))[1].Split(',')[^1].Split(';')
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var wide = Bounds(minMax);
        var narrow = Bounds(quantile);
        Assert.Equal(4, narrow.Length);
        for (int d = 0; d < 2; d++)
        {
            Assert.True(narrow[2 * d] > wide[2 * d], $"lower bound {d}: {narrow[2 * d]} vs {wide[2 * d]}");
            Assert.True(narrow[2 * d + 1] < wide[2 * d + 1], $"upper bound {d}: {narrow[2 * d + 1]} vs {wide[2 * d + 1]}");
        }
    }

    [Theory]
    [InlineData("""{ "type": "qdhf", "judge": { "type": "simulated", "label_noise": 0.6 } }""", "measures.judge.label_noise")]
    [InlineData("""{ "type": "qdhf", "judge": { "type": "recorded" } }""", "measures.judge.path")]
    [InlineData("""{ "type": "telepathy" }""", "measures.type")]
    [InlineData("""{ "type": "qdhf", "schedule": [5, 10] }""", "measures.schedule")]
    [InlineData("""{ "type": "qdhf", "wishes": 3 }""", "wishes")]
    [InlineData("""{ "type": "qdhf", "bounds": { "lower_quantile": 0.9, "upper_quantile": 0.1 } }""", "measures.bounds")]
    public void Bad_measures_sections_name_the_field(string measures, string field)
    {
        using var dir = new TempDirectory();
        var result = Qd.Run("run", dir.WriteFile("c.json", Config(measures)), "--out", dir.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(field, result.Err);
    }

    [Fact]
    public void A_task_without_features_cannot_learn_measures()
    {
        using var dir = new TempDirectory();
        string config = Config(Qdhf).Replace("""{ "name": "arm", "dim": 10 }""", """{ "name": "lp-sphere", "dim": 10 }""");
        var result = Qd.Run("run", dir.WriteFile("c.json", config), "--out", dir.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("keeps none", result.Err);
    }
}

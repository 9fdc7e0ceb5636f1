using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

public class ReproduceCommandTests
{
    private static string[] Args(string dir, params string[] more) =>
        ["reproduce", "qdhf-arm", "--trials", "2", "--iterations", "40", "--out", dir, .. more];

    [Fact]
    public void A_small_arm_reproduction_writes_trials_summary_and_figure_for_every_method()
    {
        using var temp = new TempDirectory();
        var result = Qd.Run(Args(temp.Path));

        Assert.True(result.ExitCode == 0, result.Err);
        string[] methods = ["qd-gt", "aurora-pca-pre", "aurora-pca-inc", "aurora-ae-pre", "aurora-ae-inc", "qdhf-base", "qdhf"];
        foreach (string method in methods)
        {
            for (int trial = 0; trial < 2; trial++)
            {
                var lines = File.ReadAllLines(Path.Combine(temp.Path, "trials", method, $"trial-{trial}.csv"));
                // Scores at 20 and 40, then the wall-time line.
                Assert.Equal(["20", "40"], lines.Skip(1).Where(l => !l.StartsWith('#')).Select(l => l.Split(',')[0]));
                Assert.True(File.Exists(Path.Combine(temp.Path, "trials", method, $"trial-{trial}-updates.csv")));
            }
        }
        // The progressive methods updated four times (iterations 1, 5, 11, 21 of 40), the others once.
        Assert.Equal(5, File.ReadAllLines(Path.Combine(temp.Path, "trials", "qdhf", "trial-0-updates.csv")).Length);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(temp.Path, "trials", "qdhf-base", "trial-0-updates.csv")).Length);
        // QDHF's judgments were kept: 1000 over the run.
        Assert.Equal(1000, File.ReadAllLines(Path.Combine(temp.Path, "judgments", "qdhf", "trial-0.jsonl")).Length);

        var summary = File.ReadAllLines(Path.Combine(temp.Path, "summary.csv"));
        Assert.Equal(1 + methods.Length, summary.Length);
        Assert.Equal(methods, summary.Skip(1).Select(l => l.Split(',')[0]));
        string markdown = File.ReadAllText(Path.Combine(temp.Path, "summary.md"));
        Assert.Contains("| QDHF |", markdown);
        Assert.Contains("label noise 0%", markdown);
        Assert.True(new FileInfo(Path.Combine(temp.Path, "comparison.png")).Length > 10_000);
        Assert.Contains("[14/14]", result.Out);
    }

    [Fact]
    public void Running_again_reuses_completed_trials_and_other_settings_are_refused()
    {
        using var temp = new TempDirectory();
        var first = Qd.Run(Args(temp.Path, "--methods", "qd-gt,qdhf"));
        Assert.True(first.ExitCode == 0, first.Err);
        string before = File.ReadAllText(Path.Combine(temp.Path, "trials", "qdhf", "trial-1.csv"));

        var again = Qd.Run(Args(temp.Path, "--methods", "qd-gt,qdhf"));
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("Reusing 4 completed trial(s)", again.Out);
        Assert.DoesNotContain("[1/4]", again.Out);
        Assert.Equal(before, File.ReadAllText(Path.Combine(temp.Path, "trials", "qdhf", "trial-1.csv")));

        var other = Qd.Run(Args(temp.Path, "--methods", "qdhf", "--label-noise", "0.1"));
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("other settings", other.Err);
    }

    [Fact]
    public void Label_noise_is_applied_and_reported()
    {
        using var temp = new TempDirectory();
        var result = Qd.Run(["reproduce", "qdhf-arm", "--trials", "1", "--iterations", "20", "--methods", "qdhf-base", "--label-noise", "0.2", "--out", temp.Path]);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("label noise 20%", File.ReadAllText(Path.Combine(temp.Path, "summary.md")));
        // The judge's name records its noise rate in every stored judgment.
        string judgments = File.ReadAllText(Path.Combine(temp.Path, "judgments", "qdhf-base", "trial-0.jsonl"));
        Assert.Contains("20% noise", judgments);
    }

    [Fact]
    public void The_best_validation_fit_is_applied_reported_and_kept_apart_from_protocol_trials()
    {
        using var temp = new TempDirectory();
        string protocolDir = Path.Combine(temp.Path, "protocol"), bestDir = Path.Combine(temp.Path, "best");
        var protocol = Qd.Run(["reproduce", "qdhf-arm", "--trials", "1", "--iterations", "20", "--methods", "qdhf-base", "--out", protocolDir]);
        var best = Qd.Run(["reproduce", "qdhf-arm", "--trials", "1", "--iterations", "20", "--methods", "qdhf-base", "--fit", "best_validation", "--out", bestDir]);
        Assert.True(protocol.ExitCode == 0, protocol.Err);
        Assert.True(best.ExitCode == 0, best.Err);
        Assert.Contains("fitted with the protocol rule", File.ReadAllText(Path.Combine(protocolDir, "summary.md")));
        Assert.Contains("fitted with the best_validation rule", File.ReadAllText(Path.Combine(bestDir, "summary.md")));
        // Same seed and judgments, another fit: the best-validation fit trains at least its patience (50) past its best epoch.
        int Epochs(string dir) => int.Parse(File.ReadAllLines(Path.Combine(dir, "trials", "qdhf-base", "trial-0-updates.csv"))[1].Split(',')[4]);
        Assert.InRange(Epochs(protocolDir), 12, 1000);
        Assert.InRange(Epochs(bestDir), 51, 1000);
        Assert.NotEqual(Epochs(protocolDir), Epochs(bestDir));

        var mixed = Qd.Run(["reproduce", "qdhf-arm", "--trials", "1", "--iterations", "20", "--methods", "qdhf-base", "--out", bestDir]);
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("fit=best_validation", mixed.Err);
    }

    [Theory]
    [InlineData("qdhf-arm --fit best", "unknown fit rule 'best'")]
    [InlineData("qdhf-moon", "unknown protocol")]
    [InlineData("qdhf-arm --methods qdhf,astrology", "unknown method astrology")]
    [InlineData("qdhf-arm --label-noise 0.7", "--label-noise")]
    [InlineData("qdhf-arm --trials 0", "--trials")]
    public void Bad_arguments_name_the_problem(string args, string expected)
    {
        using var temp = new TempDirectory();
        var result = Qd.Run(["reproduce", .. args.Split(' '), "--out", temp.Path]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void The_maze_protocol_runs_its_methods_on_the_maze()
    {
        using var temp = new TempDirectory();
        var result = Qd.Run(["reproduce", "qdhf-maze", "--trials", "1", "--iterations", "20", "--methods", "qd-gt,qdhf", "--out", temp.Path]);
        Assert.True(result.ExitCode == 0, result.Err);
        var lines = File.ReadAllLines(Path.Combine(temp.Path, "trials", "qdhf", "trial-0.csv"));
        var final = lines[^2].Split(',');
        Assert.Equal("20", final[0]);
        Assert.Equal((200 + 20 * 200).ToString(), final[1]);
        Assert.InRange(double.Parse(final[5], System.Globalization.CultureInfo.InvariantCulture), 1, 100); // all-solutions coverage
        Assert.Equal(200, File.ReadAllLines(Path.Combine(temp.Path, "judgments", "qdhf", "trial-0.jsonl")).Length);
    }
}

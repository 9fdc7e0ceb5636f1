using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_writes_one_self_contained_html_file_of_the_run()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 8));
        string run = dir.File("run");
        Assert.Equal(0, Qd.Run("run", config, "--out", run).ExitCode);

        var report = Qd.Run("report", run);
        Assert.True(report.ExitCode == 0, report.Err);
        string path = Path.Combine(run, "report.html");
        Assert.Equal($"Wrote {path}", report.Out.Trim());
        string html = File.ReadAllText(path);
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1); // heatmap and metric curves, inline
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);

        string elsewhere = dir.File("elsewhere.html");
        Assert.Equal(0, Qd.Run("report", run, "--out", elsewhere).ExitCode);
        Assert.True(File.Exists(elsewhere));
    }

    [Fact]
    public void Report_names_a_missing_directory_and_a_missing_output_folder()
    {
        using var dir = new TempDirectory();
        var missing = Qd.Run("report", dir.File("nothing-here"));
        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains("not found", missing.Err);

        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 2));
        string run = dir.File("run");
        Assert.Equal(0, Qd.Run("run", config, "--out", run).ExitCode);
        var badOut = Qd.Run("report", run, "--out", Path.Combine(dir.File("no-folder"), "r.html"));
        Assert.Equal(ExitCodes.UsageError, badOut.ExitCode);
        Assert.Contains("--out: the folder", badOut.Err);
    }
}

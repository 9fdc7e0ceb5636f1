using QualityDiversity.Cli.Tests.Configuration;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

public sealed class ExampleRunTests
{
    public static TheoryData<string> ExampleFiles() => ConfigLoadingTests.ExampleFiles();

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void EveryExampleRuns(string file)
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        var result = Qd.Run("run", Repository.Example(file), "--out", output, "--iterations", "3");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.True(RunFiles.IsPng(Path.Combine(output, "heatmap.png")));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        Assert.True(File.ReadAllLines(Path.Combine(output, "archive.csv")).Length > 1);
    }

    [Fact]
    public void TheDefaultSearchRunsWithoutAConfig()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        var result = Qd.Run("run", "--out", output, "--iterations", "2");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("Running 'arm-qdhf'", result.Out);
        Assert.Contains("\"name\": \"arm-qdhf\"", File.ReadAllText(Path.Combine(output, "config.json")));
    }
}

using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Output;

public sealed class MetricsCsvTests
{
    private static string Row(int iteration) => $"{iteration},{iteration * 10},1.5,0.5,0.25,3,2,0.{iteration}";

    [Fact]
    public void TruncateKeepsRowsUpToTheIterationAndDropsACutShortRow()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("metrics.csv", MetricsCsv.Header + "\n" + string.Join("\n", Enumerable.Range(1, 7).Select(Row)) + "\n8,80,1.5,0.");
        MetricsCsv.TruncateAfter(path, 5);
        Assert.Equal(MetricsCsv.Header + "\n" + string.Join("\n", Enumerable.Range(1, 5).Select(Row)) + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void ReadIgnoresACutShortLastRowButNotACorruptMiddleRow()
    {
        using var dir = new TempDirectory();
        string ok = dir.WriteFile("a.csv", MetricsCsv.Header + "\n" + Row(1) + "\n" + Row(2) + "\n3,30,1.");
        Assert.Equal([1, 2], MetricsCsv.Read(ok).Select(r => r.Iteration));
        string bad = dir.WriteFile("b.csv", MetricsCsv.Header + "\n" + Row(1) + "\ngarbage\n" + Row(3) + "\n");
        Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(bad));
    }

    [Fact]
    public void RowsParseNaN()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteFile("m.csv", MetricsCsv.Header + "\n1,0,0,0,0,NaN,NaN,0.1\n");
        var row = Assert.Single(MetricsCsv.Read(path));
        Assert.True(double.IsNaN(row.MaxObjective));
    }

    [Fact]
    public void DefaultRunDirectoriesAreNamedAfterTheConfigAndTime()
    {
        var directory = RunDirectory.CreateDefault("arm-map-elites", new DateTime(2025, 3, 4, 5, 6, 7));
        Assert.Equal(Path.Combine("runs", "arm-map-elites-20250304-050607"), directory.Path);
    }
}

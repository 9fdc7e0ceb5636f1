namespace QualityDiversity.Cli.Tests.Support;

/// <summary>Assertions over run directories.</summary>
public static class RunFiles
{
    /// <summary>The metrics rows without the elapsed-time column (which differs between runs).</summary>
    public static string[] MetricsWithoutTime(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    /// <summary>Asserts that two runs produced the same archive (byte for byte) and the same metrics.</summary>
    public static void AssertSameResults(string expectedDir, string actualDir)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(expectedDir, "archive.csv")), File.ReadAllBytes(Path.Combine(actualDir, "archive.csv")));
        Assert.Equal(MetricsWithoutTime(expectedDir), MetricsWithoutTime(actualDir));
    }

    /// <summary>Whether the file starts with the PNG signature.</summary>
    public static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path).AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });

    /// <summary>Whether the file is an SVG document.</summary>
    public static bool IsSvg(string path) => File.Exists(path) && File.ReadAllText(path).Contains("<svg", StringComparison.Ordinal);
}

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

    /// <summary>
    /// Asserts that <paramref name="file"/> is the same in both directories, line by line, except
    /// for the CSV columns named <paramref name="timeColumns"/> and the answer times of judgments.
    /// </summary>
    public static void AssertSameFile(string expectedDir, string actualDir, string file, params string[] timeColumns)
    {
        string[] expected = Comparable(Path.Combine(expectedDir, file), timeColumns), actual = Comparable(Path.Combine(actualDir, file), timeColumns);
        if (expected.SequenceEqual(actual)) return;
        int line = Enumerable.Range(0, Math.Max(expected.Length, actual.Length)).First(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i]);
        Assert.Fail($"{file} differs from the uninterrupted run's, first at line {line + 1}:\n{expected.ElementAtOrDefault(line)}\n{actual.ElementAtOrDefault(line)}");
    }

    private static string[] Comparable(string path, string[] timeColumns)
    {
        var lines = File.ReadAllLines(path).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"answeredAt\":\"[^\"]*\"", "")).ToArray();
        if (timeColumns.Length == 0 || lines.Length == 0) return lines;
        var drop = lines[0].Split(',').Select((name, index) => (name, index)).Where(c => timeColumns.Contains(c.name)).Select(c => c.index).ToHashSet();
        Assert.True(drop.Count > 0, $"{path} has none of the columns {string.Join(", ", timeColumns)}.");
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => !drop.Contains(i)))).ToArray();
    }

    /// <summary>Whether the file starts with the PNG signature.</summary>
    public static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path).AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });

    /// <summary>Whether the file is an SVG document.</summary>
    public static bool IsSvg(string path) => File.Exists(path) && File.ReadAllText(path).Contains("<svg", StringComparison.Ordinal);
}

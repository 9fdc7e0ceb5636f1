using System.Text.RegularExpressions;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>The exit codes are one table: the code's, which <c>qd --help</c> prints and README.md lists.</summary>
public sealed partial class ExitCodeTableTests
{
    [Fact]
    public void The_readme_lists_exactly_the_exit_codes_of_the_code()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        int start = readme.IndexOf("| Code | Meaning |", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no exit-code table");
        int end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        var rows = ReadmeRow().Matches(readme[start..(end < 0 ? readme.Length : end)]).Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value.Trim())).ToArray();
        Assert.Equal(ExitCodes.Table, rows);
    }

    [Fact]
    public void Help_lists_every_exit_code()
    {
        var help = Qd.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Exit codes:", help.Out);
        foreach (var (code, meaning) in ExitCodes.Table) Assert.Contains($"  {code,-5}{meaning}", help.Out);
    }

    [GeneratedRegex(@"^\| (\d+) \| (.+?) \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}

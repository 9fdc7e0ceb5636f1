using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>Bad input gives a one-line message on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class CliErrorTests
{
    private static void AssertCleanError(CliResult result, int exitCode, params string[] fragments)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
        foreach (string fragment in fragments) Assert.Contains(fragment, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("Exception", result.Err);
    }

    [Fact]
    public void MissingConfig()
    {
        using var dir = new TempDirectory();
        AssertCleanError(Qd.Run("run", dir.File("missing.json"), "--out", dir.File("out")), 2, "missing.json", "not found");
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void MalformedJson()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("bad.json", "{\n  \"name\": \"x\",\n  \"task\": { \"name\": \"arm\" \"dim\": 3 }\n}");
        AssertCleanError(Qd.Run("run", config, "--out", dir.File("out")), 2, "bad.json", "malformed JSON at line 3, position");
    }

    [Fact]
    public void UnknownTask()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm().Replace("\"arm\"", "\"robot\""));
        AssertCleanError(Qd.Run("run", config, "--out", dir.File("out")), 2, "task.name", "unknown task 'robot'", "arm");
    }

    [Fact]
    public void UnknownKey()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm().Replace("\"batch_size\": 40", "\"batchsize\": 40"));
        AssertCleanError(Qd.Run("run", config, "--out", dir.File("out")), 2, "emitters[0].batchsize", "batch_size");
    }

    [Fact]
    public void BadCommandLine()
    {
        var result = Qd.Run("run", "--iterations", "many");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("many", result.Err);
        Assert.NotEqual(0, Qd.Run("frobnicate").ExitCode);
    }

    [Fact]
    public void HelpListsTheCommands()
    {
        var result = Qd.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("run", result.Out);
        Assert.Contains("resume", result.Out);
        Assert.Contains("plot", result.Out);
    }
}

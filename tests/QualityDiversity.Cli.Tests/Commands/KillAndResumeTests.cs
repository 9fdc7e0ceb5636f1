using System.Diagnostics;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>Kills a real <c>qd</c> process mid-run and resumes its directory in-process.</summary>
public sealed class KillAndResumeTests
{
    private const int Iterations = 6000;

    [Fact]
    public void KilledProcessResumesToTheUninterruptedResult()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("long.json", Configs.SmallArm(iterations: Iterations, checkpointEvery: 100));
        string killed = dir.File("killed"), reference = dir.File("reference");

        using (var process = QdProcess.Start("run", config, "--out", killed))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(killed, "checkpoint.bin")))
            {
                Assert.False(process.HasExited, $"qd exited with code {(process.HasExited ? process.ExitCode : 0)} before its first checkpoint.");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "No checkpoint within 30 s.");
                Thread.Sleep(5);
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.NotEqual(0, process.ExitCode);
        }

        var resumed = Qd.Run("resume", killed);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        var match = System.Text.RegularExpressions.Regex.Match(resumed.Out, @"from iteration (\d+) of (\d+)");
        Assert.True(match.Success, resumed.Out);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 100, Iterations - 1);

        Assert.Equal(0, Qd.Run("run", config, "--out", reference).ExitCode);
        RunFiles.AssertSameResults(reference, killed);
    }
}

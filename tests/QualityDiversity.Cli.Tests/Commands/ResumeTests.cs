using QualityDiversity.Experiments.Output;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>A resumed run ends with exactly the results of an uninterrupted one.</summary>
public sealed class ResumeTests
{
    [Theory]
    [MemberData(nameof(Configs.Archives), MemberType = typeof(Configs))]
    public void CancelledThenResumedEqualsUninterrupted(string archive)
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 40, checkpointEvery: 10, archive: archive));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);

        // Ctrl+C during iteration 27: the run stops after it and checkpoints there.
        using var stop = new CancellationTokenSource();
        var interrupted = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 27) stop.Cancel(); }, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("Interrupted after iteration 27 of 40", interrupted.Out);
        Assert.Contains($"qd resume \"{b}\"", interrupted.Out);
        Assert.Equal(27, MetricsCsv.Read(Path.Combine(b, "metrics.csv"))[^1].Iteration);

        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("Resuming 'small-arm' from iteration 27 of 40", resumed.Out);
        RunFiles.AssertSameResults(a, b);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "checkpoint.bin")).Length, File.ReadAllBytes(Path.Combine(b, "checkpoint.bin")).Length);
    }

    [Fact]
    public void CrashAfterACheckpointDropsTheLaterMetricsRowsAndResumesExactly()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 50, checkpointEvery: 20));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);

        // A failure in iteration 47: the last checkpoint is from iteration 40, metrics.csv has rows to 47.
        var crashed = Qd.Run(["run", config, "--out", b], r => { if (r.Iteration == 47) throw new IOException("disk on fire"); });
        Assert.Equal(1, crashed.ExitCode);
        Assert.Contains("disk on fire", crashed.Err);
        Assert.Equal(47, MetricsCsv.Read(Path.Combine(b, "metrics.csv"))[^1].Iteration);

        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("from iteration 40 of 50", resumed.Out);
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void StoppedBeforeTheFirstIterationResumesFromScratch()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 12));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var interrupted = Qd.Run(["run", config, "--out", b], null, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("Interrupted after iteration 0 of 12", interrupted.Out);
        Assert.Single(File.ReadAllLines(Path.Combine(b, "archive.csv")));
        Assert.Equal(0, Qd.Run("plot", b).ExitCode);

        Assert.Equal(0, Qd.Run("resume", b).ExitCode);
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void StoppedRightAfterTheInitialPopulationResumesWithoutEvaluatingItAgain()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("p.json", Configs.ArmWithInitialPopulation(iterations: 15, checkpointEvery: 5));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var interrupted = Qd.Run(["run", config, "--out", b], null, stop.Token);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.True(File.ReadAllLines(Path.Combine(b, "archive.csv")).Length > 1); // the population is in the archive

        var resumed = Qd.Run("resume", b);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Equal(37 + 15 * 25, MetricsCsv.Read(Path.Combine(b, "metrics.csv"))[^1].Evaluations);
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void ResumeWithMoreIterationsExtendsAFinishedRunLikeALongerRun()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 35, checkpointEvery: 10));
        string a = dir.File("a"), b = dir.File("b");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);
        Assert.Equal(0, Qd.Run("run", config, "--out", b, "--iterations", "20").ExitCode);

        var extended = Qd.Run("resume", b, "--iterations", "35");
        Assert.True(extended.ExitCode == 0, extended.Err);
        Assert.Contains("from iteration 20 of 35", extended.Out);
        Assert.Contains("\"iterations\": 35", File.ReadAllText(Path.Combine(b, "config.json")));
        RunFiles.AssertSameResults(a, b);
    }

    [Fact]
    public void ResumingAFinishedRunChangesNothing()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 5));
        string a = dir.File("a");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);
        byte[] archive = File.ReadAllBytes(Path.Combine(a, "archive.csv"));
        var again = Qd.Run("resume", a);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already completed", again.Out);
        Assert.Equal(archive, File.ReadAllBytes(Path.Combine(a, "archive.csv")));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(a, "metrics.csv")).Length);
    }

    [Fact]
    public void ResumeErrors()
    {
        using var dir = new TempDirectory();
        var missing = Qd.Run("resume", dir.File("nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not found", missing.Err);

        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 5));
        string a = dir.File("a");
        Assert.Equal(0, Qd.Run("run", config, "--out", a).ExitCode);
        byte[] archive = File.ReadAllBytes(Path.Combine(a, "archive.csv"));
        var fewer = Qd.Run("resume", a, "--iterations", "3");
        Assert.Equal(2, fewer.ExitCode);
        Assert.Contains("--iterations: 3 is below the 5 iterations", fewer.Err);

        // No checkpoint at all (killed before the first): the run starts again and ends the same.
        File.Delete(Path.Combine(a, "checkpoint.bin"));
        File.Delete(Path.Combine(a, "checkpoint.bin.prev"));
        var fromStart = Qd.Run("resume", a);
        Assert.True(fromStart.ExitCode == 0, fromStart.Err);
        Assert.Contains("has no checkpoint yet", fromStart.Out + fromStart.Err);
        Assert.Equal(archive, File.ReadAllBytes(Path.Combine(a, "archive.csv")));

        File.WriteAllText(Path.Combine(a, "checkpoint.bin"), "not a checkpoint");
        File.Delete(Path.Combine(a, "checkpoint.bin.prev"));
        var corrupt = Qd.Run("resume", a);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("checkpoint.bin is damaged or not a checkpoint", corrupt.Err);
        Assert.Contains("Nothing in the directory was changed", corrupt.Err);
        Assert.DoesNotContain("   at ", corrupt.Err);
    }
}

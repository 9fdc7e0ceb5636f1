using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>The run lock against a real second process.</summary>
public sealed class RunLockProcessTests
{
    [Fact]
    public void A_second_writer_is_refused_even_after_the_lock_file_of_a_live_run_was_deleted()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("long.json", Configs.SmallArm(iterations: 1_000_000, checkpointEvery: 1000));
        string output = dir.File("run");
        using var live = QdProcess.Start("run", config, "--out", output);
        try
        {
            Assert.True(QdProcess.WaitUntil(live, () => QdProcess.Lines(Path.Combine(output, "metrics.csv")) >= 3, TimeSpan.FromMinutes(3)));
            var refused = Qd.Run("resume", output);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"in use by process {live.Id}", refused.Err);
            // The run directory is resume's argument DIR, not an --out option.
            Assert.StartsWith($"error: DIR: '{output}' is in use by process {live.Id}", refused.Err);

            // Deleting the lock file of a live run (as if it were stale) does not let a second writer in.
            File.Delete(Path.Combine(output, "run.lock"));
            var again = Qd.Run("resume", output);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains($"in use by process {live.Id}", again.Err);
            Assert.Contains("although its run.lock was deleted", again.Err);
            Assert.False(live.HasExited);
        }
        finally
        {
            if (!live.HasExited) live.Kill(entireProcessTree: true);
            live.WaitForExit();
        }
        // Once the holder is gone, its owner record no longer blocks.
        using var reopened = QualityDiversity.Experiments.Experiment.Resume(output);
        Assert.True(reopened.Completed < reopened.Total);
    }
}

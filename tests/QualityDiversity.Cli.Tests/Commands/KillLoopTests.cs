using QualityDiversity.Cli.Tests.Support;
using Xunit.Abstractions;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary>
/// Every kind of run, killed with SIGKILL at seeded moments — as soon as its directory holds a
/// run, then after a seeded number of metrics rows, twice — and resumed each time until it is
/// done, ends with the files of an uninterrupted run: archive, metrics (but for their time
/// column), judgments (but for their answer times) and the text dataset.
/// </summary>
public sealed class KillLoopTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(3);

    private const string MapElites = """
        {
          "name": "kill-map-elites", "seed": 21, "iterations": 600, "checkpoint_every": 25,
          "task": { "name": "arm", "dim": 10 },
          "archive": { "type": "grid", "dims": [20, 20] },
          "emitters": [
            { "type": "gaussian", "sigma": 0.1, "batch_size": 40, "initial_solutions": { "count": 50 } },
            { "type": "iso_line", "batch_size": 30, "bounds": [-3.2, 3.2] }
          ]
        }
        """;

    private const string CmaMae = """
        {
          "name": "kill-cma-mae", "seed": 22, "iterations": 600, "checkpoint_every": 25,
          "task": { "name": "lp-sphere", "dim": 10 },
          "archive": { "type": "grid", "dims": [20, 20], "ranges": [[-25, 25], [-25, 25]], "learning_rate": 0.1, "threshold_min": 0 },
          "result_archive": { "type": "grid", "dims": [20, 20], "ranges": [[-25, 25], [-25, 25]] },
          "emitters": [ { "type": "evolution_strategy", "sigma0": 0.5, "ranker": "imp", "selection_rule": "mu", "restart_rule": "basic", "batch_size": 10, "count": 3 } ]
        }
        """;

    private const string NoisyQdhf = """
        {
          "name": "kill-qdhf", "seed": 23, "iterations": 80, "checkpoint_every": 5,
          "task": { "name": "arm", "dim": 6 },
          "archive": { "type": "grid", "dims": [10, 10], "ranges": [[-10, 10], [-10, 10]] },
          "initial_population": { "count": 30 },
          "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 12 } ],
          "measures": {
            "type": "qdhf", "schedule": "progressive", "judgments": 40,
            "judge": { "type": "simulated", "label_noise": 0.1 }, "hidden": [], "score_every": 10
          }
        }
        """;

    private const string OfflineText = """
        {
          "name": "kill-text", "seed": 24,
          "text": {
            "domain": "opinions", "mode": "offline", "variation": "near",
            "steps": 40, "batch_size": 4, "depth": 3, "checkpoint_every": 2
          }
        }
        """;

    [Theory]
    [InlineData("map-elites", 101)]
    [InlineData("cma-mae", 102)]
    [InlineData("qdhf-noisy", 103)]
    [InlineData("text-offline", 104)]
    public void A_run_killed_at_seeded_moments_and_resumed_until_done_equals_an_uninterrupted_one(string kind, int seed)
    {
        var (json, rows) = kind switch
        {
            "map-elites" => (MapElites, 600),
            "cma-mae" => (CmaMae, 600),
            "qdhf-noisy" => (NoisyQdhf, 80),
            _ => (OfflineText, 40 / 4),
        };
        using var temp = new TempDirectory();
        string config = temp.WriteFile("config.json", json);
        string killed = temp.File("killed"), reference = temp.File("reference");

        // The moments: as soon as the directory holds a run (before any step), then after a
        // number of metrics rows (header included) in the first and in the second half.
        var random = new Random(seed);
        int[] moments = [0, random.Next(2, rows / 2), random.Next(rows / 2, rows)];
        int kills = 0;
        bool done = false;
        foreach (int moment in moments)
        {
            using var process = kills == 0 ? QdProcess.Start("run", config, "--out", killed) : QdProcess.Start("resume", killed);
            Func<bool> due = moment == 0
                ? () => File.Exists(Path.Combine(killed, "config.json"))
                : () => QdProcess.Lines(Path.Combine(killed, "metrics.csv")) >= moment;
            if (!QdProcess.KillWhen(process, due, Hang))
            {
                done = true;
                break;
            }
            kills++;
            output.WriteLine($"killed at moment {moment}: {QdProcess.Lines(Path.Combine(killed, "metrics.csv"))} metrics lines on disk");
        }
        // The first kill always comes before the run could end: its moment is the start itself.
        Assert.True(kills >= 1);
        if (!done)
        {
            using var last = QdProcess.Start("resume", killed);
            Assert.True(last.WaitForExit(Hang), "The last resume did not end; it is taken to hang.");
            Assert.Equal(0, last.ExitCode);
        }

        var uninterrupted = Qd.Run("run", config, "--out", reference);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Err);

        RunFiles.AssertSameFile(reference, killed, "metrics.csv", "elapsed_seconds", "elapsed_s");
        foreach (string file in (string[])["archive.csv", "learned-archive.csv", "ground_truth.csv", "judgments.jsonl", "dataset.jsonl", "elites.csv"])
            if (File.Exists(Path.Combine(reference, file))) RunFiles.AssertSameFile(reference, killed, file);
        if (File.Exists(Path.Combine(reference, "updates.csv"))) RunFiles.AssertSameFile(reference, killed, "updates.csv", "seconds");
    }
}

using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Tests;

/// <summary>Damaged checkpoints: every one is refused or replaced by the previous one, and a run never resumes to a different result.</summary>
public sealed class CheckpointIntegrityTests
{
    private static SearchConfig Sphere(int iterations) => new()
    {
        Name = "sphere",
        Seed = 11,
        Iterations = iterations,
        CheckpointEvery = 5,
        Task = new TaskConfig("lp-sphere", 6),
        Archive = new GridArchiveConfig { Dims = [10, 10] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 10, X0 = new double[6] }],
    };

    // The lock files are the directory's claim by a writer, not part of the run.
    private static string[] Snapshot(string dir) => Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith("run.lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}").ToArray();

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to)) Directory.Delete(to, recursive: true);
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    [Fact]
    public async Task Flipped_bytes_in_the_newest_checkpoint_fall_back_to_the_previous_one_and_end_exactly_like_an_uninterrupted_run()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Sphere(20), scratch.File("whole"))) await whole.RunAsync();
        string expected = File.ReadAllText(Path.Combine(scratch.File("whole"), "archive.csv"));
        using (var cut = Experiment.Start(Sphere(20), scratch.File("cut")))
        using (var stop = new StopAfter(12))
        {
            Assert.Equal(12, (await cut.RunAsync(stop, stop.Token)).Completed);
        }
        // checkpoint.bin is at iteration 12, checkpoint.bin.prev at 10.
        byte[] good = File.ReadAllBytes(Path.Combine(scratch.File("cut"), "checkpoint.bin"));
        var positions = Enumerable.Range(0, 40).Select(k => (int)((long)k * (good.Length - 1) / 39)).Distinct().ToArray();
        int fellBack = 0, differed = 0;
        foreach (int at in positions)
        {
            string copy = scratch.File("copy");
            CopyDirectory(scratch.File("cut"), copy);
            byte[] bad = (byte[])good.Clone();
            bad[at] ^= 0x5A;
            File.WriteAllBytes(Path.Combine(copy, "checkpoint.bin"), bad);

            using (var resumed = Experiment.Resume(copy))
            {
                Assert.Equal(10, resumed.Completed);
                var progress = new StopAfter(int.MaxValue);
                await resumed.RunAsync(progress);
                Assert.Contains(progress.Notes, n => n.Contains("Resuming from the previous checkpoint, checkpoint.bin.prev", StringComparison.Ordinal));
                fellBack++;
            }
            if (File.ReadAllText(Path.Combine(copy, "archive.csv")) != expected) differed++;
            Assert.True(File.Exists(Path.Combine(copy, "checkpoint.bin.damaged")));
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), Experiment.Open(copy).ReadMetrics()["iteration"]);
        }
        Assert.Equal(positions.Length, fellBack);
        Assert.Equal(0, differed);
    }

    [Fact]
    public async Task Without_an_intact_previous_checkpoint_a_damaged_one_is_refused_and_nothing_changes()
    {
        using var scratch = new Scratch();
        string dir = scratch.File("run");
        using (var run = Experiment.Start(Sphere(20), dir))
        using (var stop = new StopAfter(12))
        {
            await run.RunAsync(stop, stop.Token);
        }
        File.Delete(Path.Combine(dir, "checkpoint.bin.prev"));
        byte[] good = File.ReadAllBytes(Path.Combine(dir, "checkpoint.bin"));
        int refused = 0;
        foreach (int at in new[] { 0, 9, 13, 20, 30, good.Length / 2, good.Length - 9, good.Length - 1 })
        {
            byte[] bad = (byte[])good.Clone();
            bad[at] ^= 0x01;
            File.WriteAllBytes(Path.Combine(dir, "checkpoint.bin"), bad);
            var before = Snapshot(dir);

            var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));
            Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
            Assert.Contains("Nothing in the directory was changed", error.Message);
            Assert.Equal(before, Snapshot(dir));
            refused++;
        }
        Assert.Equal(8, refused);

        // A write cut between its two renames leaves only the previous checkpoint: that one is used.
        File.WriteAllBytes(Path.Combine(dir, "checkpoint.bin.prev"), good);
        File.Delete(Path.Combine(dir, "checkpoint.bin"));
        using var resumed = Experiment.Resume(dir);
        Assert.Equal(12, resumed.Completed);
        Assert.Contains("checkpoint.bin is missing", resumed.Notes[0]);
    }

    [Fact]
    public async Task Stale_temporaries_of_a_killed_checkpoint_write_are_removed_on_resume()
    {
        using var scratch = new Scratch();
        string dir = scratch.File("run");
        using (var run = Experiment.Start(Sphere(10), dir)) await run.RunAsync();
        string stale = Path.Combine(dir, $".checkpoint.bin.99999999.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "half a checkpoint");
        using (Experiment.Resume(dir))
        {
            Assert.False(File.Exists(stale));
        }
    }

    [Fact]
    public async Task Every_search_kind_writes_the_one_verified_container()
    {
        using var scratch = new Scratch();
        var configs = new ExperimentConfig[]
        {
            Sphere(5),
            ExperimentConfig.Default with { Iterations = 3, CheckpointEvery = 1, Measures = ExperimentConfig.Default.Measures! with { Judgments = 20 } },
            ((Text.TextRunConfig)ExperimentConfig.Load(Scratch.Example("text-offline.json"))).WithLength(16),
        };
        var sections = new List<string>();
        for (int i = 0; i < configs.Length; i++)
        {
            string dir = scratch.File($"run{i}");
            using (var run = Experiment.Start(configs[i], dir)) await run.RunAsync();
            using var contents = CheckpointFile.Open(Path.Combine(dir, "checkpoint.bin"));
            sections.Add(string.Join("+", contents.SectionNames));
        }
        Assert.Equal(["search-runner+run-configuration+metrics-digest", "learned-measure-search+run-configuration+metrics-digest",
            "generative-search+llm-usage+run-configuration+metrics-digest+dataset-digest"], sections);
    }
}

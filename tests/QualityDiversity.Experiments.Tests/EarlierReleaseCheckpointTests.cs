using System.Text.RegularExpressions;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Tests;

/// <summary>
/// Run directories made by the last release before the verified checkpoint container (qd built
/// from commit 2bda68e) resume with this one, to the result an uninterrupted run gives.
/// </summary>
/// <remarks>
/// The fixtures under Fixtures/EarlierRelease were made by running that release's qd on
/// Fixtures/EarlierRelease/configs/*.json and killing it with SIGKILL mid-run (figures and the
/// temporaries of the killed writes left out); metrics rows after the checkpoint are on disk, as
/// a kill leaves them. For these configurations the earlier release and this one give the same
/// uninterrupted results (the judge is noise-free and no measure fit stopped at the epoch where
/// the two releases' early-stopping rules differ), so the reference is a run of this release.
/// </remarks>
public sealed class EarlierReleaseCheckpointTests
{
    private static string Fixture(string name) => Scratch.Fixture(Path.Combine("EarlierRelease", name));

    private static string ConfigFixture(string name) => Fixture(Path.Combine("configs", name));

    [Theory]
    [InlineData("map-elites", "map-elites.json", 20)]
    [InlineData("cma-mae", "cma-mae-objective.json", 25)]
    [InlineData("qdhf", "qdhf.json", 25)]
    [InlineData("text-offline", "text-offline.json", 8)]
    public async Task A_run_directory_of_the_earlier_release_resumes_to_the_uninterrupted_result(string fixture, string referenceConfig, int checkpointAt)
    {
        using var scratch = new Scratch();
        string resumed = scratch.CopyFolder(Fixture(fixture), "resumed");
        byte[] earlier = File.ReadAllBytes(Path.Combine(resumed, "checkpoint.bin"));
        Assert.False(CheckpointFile.HasHeader(Path.Combine(resumed, "checkpoint.bin")));

        using (var run = Experiment.Resume(resumed))
        {
            Assert.Equal(checkpointAt, run.Completed);
            Assert.Contains(run.Notes, n => n.StartsWith("checkpoint.bin was written by an earlier release", StringComparison.Ordinal));
            var outcome = await run.RunAsync();
            Assert.False(outcome.Interrupted);
        }

        string reference = scratch.File("reference");
        using (var run = Experiment.Start(ExperimentConfig.Load(ConfigFixture(referenceConfig)), reference)) await run.RunAsync();

        // Later checkpoints are in the verified container.
        Assert.True(CheckpointFile.HasHeader(Path.Combine(resumed, "checkpoint.bin")));
        Assert.Null(CheckpointFile.Check(Path.Combine(resumed, "checkpoint.bin")));
        Assert.NotEqual(earlier, File.ReadAllBytes(Path.Combine(resumed, "checkpoint.bin.prev")));

        // The earlier release's config.json is kept as written; settings added since read as their defaults.
        Assert.Equal(Experiment.Open(reference).ReadConfig().ToJson(), Experiment.Open(resumed).ReadConfig().ToJson());
        string[] judgePaths = ["scores_option_logprobs", "scores_logprobs", "scores_verbal", "scores_other"];
        AssertSameFile(reference, resumed, "metrics.csv", ["elapsed_seconds", "elapsed_s", .. judgePaths]);
        // The earlier release did not count judge paths: counts since the resume would read as totals, so they stay empty.
        var metrics = File.ReadAllLines(Path.Combine(resumed, "metrics.csv"));
        if (metrics[0].Contains("scores_other", StringComparison.Ordinal))
            Assert.All(metrics.Skip(1), row => Assert.EndsWith(",,,,", row, StringComparison.Ordinal));
        foreach (string file in (string[])["archive.csv", "learned-archive.csv", "ground_truth.csv", "elites.csv", "dataset.jsonl"])
            if (File.Exists(Path.Combine(reference, file))) AssertSameFile(reference, resumed, file);
        if (File.Exists(Path.Combine(reference, "updates.csv"))) AssertSameFile(reference, resumed, "updates.csv", "seconds");
        if (File.Exists(Path.Combine(reference, "judgments.jsonl")))
            Assert.Equal(WithoutAnswerTimes(reference), WithoutAnswerTimes(resumed));
    }

    [Fact]
    public void A_soft_threshold_archive_keeps_the_earlier_release_elite_replacement_in_config_json()
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture("cma-mae"), "run");
        Assert.DoesNotContain("elite_replacement", File.ReadAllText(Path.Combine(dir, "config.json")), StringComparison.Ordinal);
        using (var run = Experiment.Resume(dir))
        {
            Assert.Contains(run.Notes, n => n.Contains("elite_replacement: objective", StringComparison.Ordinal));
            var search = Assert.IsType<SearchConfig>(run.Config);
            Assert.Equal(QualityDiversity.Archives.EliteReplacement.BetterObjective, search.Archive.EliteReplacement);
            // The result archive has a learning rate of 1, where both rules agree: it is left alone.
            Assert.Null(search.ResultArchive!.EliteReplacement);
        }
        var written = Assert.IsType<SearchConfig>(Experiment.Open(dir).ReadConfig());
        Assert.Equal(QualityDiversity.Archives.EliteReplacement.BetterObjective, written.Archive.EliteReplacement);
    }

    [Fact]
    public void A_learned_measure_checkpoint_with_measure_updates_to_come_is_refused_and_the_directory_left_as_it_was()
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture("qdhf-updates-ahead"), "run");
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains("checkpoint.bin was written by an earlier release", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 of the 4 measure updates", error.Message, StringComparison.Ordinal);
        Assert.Contains($"qd run {Path.Combine(dir, "config.json")}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dir));
    }

    [Theory]
    [InlineData("map-elites", 1)]
    [InlineData("map-elites", 700)]
    [InlineData("qdhf", 9)]
    [InlineData("text-offline", 3000)]
    public void A_cut_short_earlier_release_checkpoint_is_refused_naming_the_file(string fixture, int cut)
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture(fixture), "run");
        string checkpoint = Path.Combine(dir, "checkpoint.bin");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..^cut]);
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains("checkpoint.bin was written by an earlier release", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read as the state of this", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dir));
    }

    [Theory]
    [InlineData("map-elites")]
    [InlineData("cma-mae")]
    public void An_earlier_release_checkpoint_whose_elite_disagrees_with_the_archive_written_beside_it_is_refused(string fixture)
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture(fixture), "run");
        // The last bit of one elite's first solution value: the archive's statistics stay as they were.
        var archive = File.ReadAllLines(Path.Combine(dir, "archive.csv"));
        int column = Array.IndexOf(archive[0].Split(','), "solution_0");
        double value = double.Parse(archive[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
        string checkpoint = Path.Combine(dir, "checkpoint.bin");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        // The last copy: a CMA-MAE checkpoint holds the elite in its search archive first, which no file shows.
        int at = bytes.AsSpan().LastIndexOf(BitConverter.GetBytes(value));
        Assert.True(at >= 0);
        bytes[at] ^= 1;
        File.WriteAllBytes(checkpoint, bytes);
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("checkpoint.bin was written by an earlier release", error.Message, StringComparison.Ordinal);
        Assert.Contains("archive.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public void An_earlier_release_text_checkpoint_whose_elite_text_disagrees_with_the_dataset_is_refused()
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture("text-offline"), "run");
        // One letter of a seed text, which the checkpoint holds as an elite or in its history.
        string checkpoint = Path.Combine(dir, "checkpoint.bin");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        var seed = System.Text.Encoding.UTF8.GetBytes("roasted carrots");
        int at = bytes.AsSpan().IndexOf(seed);
        Assert.True(at >= 0);
        bytes[at] = (byte)'t';
        File.WriteAllBytes(checkpoint, bytes);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("checkpoint.bin was written by an earlier release", error.Message, StringComparison.Ordinal);
        Assert.Contains("dataset.jsonl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_earlier_release_checkpoint_of_another_kind_of_run_is_refused_as_not_a_checkpoint_of_this_one()
    {
        using var scratch = new Scratch();
        string dir = scratch.CopyFolder(Fixture("text-offline"), "run");
        File.Copy(Path.Combine(Fixture("map-elites"), "checkpoint.bin"), Path.Combine(dir, "checkpoint.bin"), overwrite: true);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("does not begin like the checkpoint of a text search that an earlier release wrote", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameFile(string expectedDir, string actualDir, string file, params string[] timeColumns)
    {
        string[] expected = File.ReadAllLines(Path.Combine(expectedDir, file)), actual = File.ReadAllLines(Path.Combine(actualDir, file));
        if (timeColumns.Length > 0)
        {
            expected = WithoutColumns(expected, timeColumns);
            actual = WithoutColumns(actual, timeColumns);
        }
        Assert.True(expected.SequenceEqual(actual), $"{file} differs from the uninterrupted run's.");
    }

    private static string[] WithoutColumns(string[] lines, string[] names)
    {
        var header = lines[0].Split(',');
        var drop = header.Select((name, index) => (name, index)).Where(c => names.Contains(c.name)).Select(c => c.index).ToHashSet();
        Assert.NotEmpty(drop);
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => !drop.Contains(i)))).ToArray();
    }

    private static string[] WithoutAnswerTimes(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "judgments.jsonl")).Select(l => Regex.Replace(l, "\"answeredAt\":\"[^\"]*\"", "")).ToArray();

    // The lock files are the directory's claim by a writer, not part of the run.
    private static string[] Snapshot(string dir) =>
        Directory.EnumerateFiles(dir).Where(f => !Path.GetFileName(f).StartsWith("run.lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}").ToArray();
}

using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Experiments.Tests;

/// <summary>
/// Files written step by step beside the checkpoint (metrics, dataset, judgments, config) that no
/// longer match it: a resume refuses them with nothing changed, rather than continue a history
/// the run does not have.
/// </summary>
public sealed class RunHistoryTests
{
    private static SearchConfig Sphere(int iterations) => new()
    {
        Name = "sphere",
        Seed = 17,
        Iterations = iterations,
        CheckpointEvery = 5,
        Task = new TaskConfig("lp-sphere", 4),
        Archive = new GridArchiveConfig { Dims = [8, 8] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 8, X0 = new double[4] }],
    };

    private static string[] Snapshot(string dir) => Directory.GetFiles(dir).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}").ToArray();

    private static async Task<string> Interrupted(Scratch scratch, ExperimentConfig config, int reports, string name = "cut")
    {
        string dir = scratch.File(name);
        using var run = Experiment.Start(config, dir);
        using var stop = new StopAfter(reports);
        await run.RunAsync(stop, stop.Token);
        return dir;
    }

    public static TheoryData<string> MetricsDamage => ["cut", "row-unreadable", "rows-doubled", "another-run", "value-edited", "another-seed"];

    [Theory]
    [MemberData(nameof(MetricsDamage))]
    public async Task Metrics_rows_missing_or_doubled_before_the_checkpoint_are_refused_with_nothing_changed(string damage)
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        string metrics = Path.Combine(dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        switch (damage)
        {
            case "cut":
                File.WriteAllLines(metrics, lines[..6]);
                break;
            case "row-unreadable":
                lines[3] = string.Join(',', Enumerable.Repeat("NaN", lines[3].Split(',').Length));
                File.WriteAllLines(metrics, lines);
                break;
            case "rows-doubled":
                File.WriteAllLines(metrics, lines.Concat(lines.Skip(1)));
                break;
            case "value-edited":
            {
                // Iterations and row count stay as the checkpoint expects; only the rows' digest sees it.
                var fields = lines[3].Split(',');
                fields[2] += "1";
                lines[3] = string.Join(',', fields);
                File.WriteAllLines(metrics, lines);
                break;
            }
            case "another-seed":
            {
                // Checkpoints and configuration of the same search with another seed, stopped at the same iteration.
                string other = await Interrupted(scratch, Sphere(20) with { Seed = 18 }, 12, "other");
                foreach (string name in (string[])["checkpoint.bin", "checkpoint.bin.prev", "config.json"])
                    File.Copy(Path.Combine(other, name), Path.Combine(dir, name), overwrite: true);
                break;
            }
            default:
                // The checkpoint of a finished run of the same search, copied into this one.
                using (var finished = Experiment.Start(Sphere(20), scratch.File("finished"))) await finished.RunAsync();
                File.Copy(Path.Combine(scratch.File("finished"), "checkpoint.bin"), Path.Combine(dir, "checkpoint.bin"), overwrite: true);
                break;
        }
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains("metrics.csv does not match its checkpoint", error.Message);
        Assert.Contains("Nothing was changed", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task Metrics_moved_aside_resume_with_a_note_to_the_uninterrupted_archive()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Sphere(20), scratch.File("whole"))) await whole.RunAsync();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        File.Move(Path.Combine(dir, "metrics.csv"), Path.Combine(scratch.Path, "metrics-aside.csv"));

        using (var resumed = Experiment.Resume(dir))
        {
            Assert.Contains(resumed.Notes, n => n.StartsWith("metrics.csv is missing: the rows up to the checkpoint's 12 are lost", StringComparison.Ordinal));
            await resumed.RunAsync();
        }

        Assert.Equal(File.ReadAllText(Path.Combine(scratch.File("whole"), "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
        Assert.Equal(Enumerable.Range(13, 8).Select(i => (double)i), Experiment.Open(dir).ReadMetrics()["iteration"]);
    }

    [Fact]
    public async Task A_line_that_is_no_row_inserted_into_metrics_is_cleaned_up_and_the_digest_of_the_rows_still_fits()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Sphere(20), scratch.File("whole"))) await whole.RunAsync();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        string metrics = Path.Combine(dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        File.WriteAllLines(metrics, lines[..3].Append("\0\u0001zz,,;;").Concat(lines[3..]));

        using (var resumed = Experiment.Resume(dir)) Assert.Equal(20, (await resumed.RunAsync()).Completed);

        Assert.Equal(File.ReadAllText(Path.Combine(scratch.File("whole"), "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), Experiment.Open(dir).ReadMetrics()["iteration"]);
    }

    [Fact]
    public async Task Thinned_metrics_and_the_last_row_of_an_earlier_total_are_a_history_that_resumes()
    {
        using var scratch = new Scratch();
        var thinned = Sphere(23) with { MetricsEvery = 3 };
        string dir = await Interrupted(scratch, thinned, 8);
        using (var resumed = Experiment.Resume(dir)) Assert.Equal(23, (await resumed.RunAsync()).Completed);
        using (var extended = Experiment.Resume(dir, length: 30)) Assert.Equal(30, (await extended.RunAsync()).Completed);
        Assert.Equal([3.0, 6, 9, 12, 15, 18, 21, 23, 24, 27, 30], Experiment.Open(dir).ReadMetrics()["iteration"]);
    }

    [Fact]
    public async Task A_config_edited_to_end_before_the_checkpoint_is_refused_rather_than_taken_for_the_finished_run()
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        string config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"iterations\": 20", "\"iterations\": 3", StringComparison.Ordinal));
        Assert.Contains("\"iterations\": 3", File.ReadAllText(config));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("asks for 3 iterations, fewer than the 12 its checkpoint has already completed", error.Message);
        Assert.Equal(before, Snapshot(dir));
        // Given explicitly, a longer total still resumes.
        using var resumed = Experiment.Resume(dir, length: 20);
        Assert.Equal(20, (await resumed.RunAsync()).Completed);
    }

    [Fact]
    public async Task A_config_edited_in_a_setting_the_results_depend_on_is_refused_and_one_that_does_not_matter_resumes()
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        string config = Path.Combine(dir, "config.json");
        string original = File.ReadAllText(config);
        File.WriteAllText(config, original.Replace("\"batch_size\": 8", "\"batch_size\": 9", StringComparison.Ordinal));
        Assert.Contains("\"batch_size\": 9", File.ReadAllText(config));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("config.json was changed since its checkpoint was written, in settings the results depend on: emitters[0].batch_size (8 in the checkpoint, 9 now)", error.Message);
        Assert.Equal(before, Snapshot(dir));

        // How often to write metrics or checkpoints does not change results: such an edit resumes, to the uninterrupted archive.
        File.WriteAllText(config, original.Replace("\"checkpoint_every\": 5", "\"checkpoint_every\": 4", StringComparison.Ordinal));
        Assert.Contains("\"checkpoint_every\": 4", File.ReadAllText(config));
        using (var resumed = Experiment.Resume(dir)) Assert.Equal(20, (await resumed.RunAsync()).Completed);
        string reference = scratch.File("reference");
        using (var run = Experiment.Start(Sphere(20), reference)) await run.RunAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
    }

    [Fact]
    public async Task A_text_run_edited_in_its_batch_size_is_refused()
    {
        using var scratch = new Scratch();
        var config = SmallTextRun();
        string dir = await Interrupted(scratch, config, 4);
        string path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"batch_size\": 4", "\"batch_size\": 5", StringComparison.Ordinal));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("text.batch_size (4 in the checkpoint, 5 now)", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task A_text_dataset_missing_a_text_before_the_checkpoint_is_refused()
    {
        using var scratch = new Scratch();
        var config = SmallTextRun();
        string dir = await Interrupted(scratch, config, 4);
        string dataset = Path.Combine(dir, TextRunSession.DatasetFile);
        var lines = File.ReadAllLines(dataset);
        File.WriteAllLines(dataset, lines.Take(2).Concat(lines.Skip(3)));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("dataset.jsonl does not match its checkpoint (text 3 of step", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    // The offline text example, short, in batches of 4 with a checkpoint every 2 steps.
    private static TextRunConfig SmallTextRun() =>
        (TextRunConfig)((TextRunConfig)ExperimentConfig.Load(Scratch.Example("text-offline.json"))).WithLength(24) with { Parquet = false, BatchSize = 4, CheckpointEvery = 2 };

    private static ExperimentConfig Qdhf() => ExperimentConfig.Parse("""
        {
          "name": "qdhf-history", "seed": 33, "iterations": 12, "checkpoint_every": 4,
          "task": { "name": "arm", "dim": 6 },
          "archive": { "type": "grid", "dims": [10, 10], "ranges": [[-10, 10], [-10, 10]] },
          "initial_population": { "count": 25 },
          "emitters": [ { "type": "gaussian", "sigma": 0.12, "batch_size": 10 } ],
          "measures": { "type": "qdhf", "schedule": "progressive", "judgments": 12,
                        "judge": { "type": "simulated", "label_noise": 0.15 }, "hidden": [], "score_every": 4 }
        }
        """);

    // The judgments of a run, less the time each was answered (a rerun answers at other times).
    private static string[] Answers(string dir) => JudgmentSet.Load(Path.Combine(dir, "judgments.jsonl"))
        .Select(j => JudgmentSet.FormatLine(j with { AnsweredAt = default })).ToArray();

    public static TheoryData<string, string> JudgmentDamage => new()
    {
        { "cut-at-a-line-end", "judgments.jsonl does not match its checkpoint (it holds 3 judgments, but the checkpoint has " },
        { "cut-in-a-line", "judgments.jsonl does not match its checkpoint (it holds 3 judgments and a cut last line, but the checkpoint has " },
        { "emptied", "judgments.jsonl does not match its checkpoint (it holds no judgments, but the checkpoint has " },
        { "a-line-doubled", "judgments.jsonl does not match its checkpoint (judgment 3 repeats judgment 2)" },
        { "the-last-line-doubled", "repeats judgment" },
        { "another-run", "judgments.jsonl does not match its checkpoint (judgment 1 is not one of the checkpoint's " },
        { "a-directory", "judgments.jsonl does not match its checkpoint (it is a directory)" },
    };

    [Theory]
    [MemberData(nameof(JudgmentDamage))]
    public async Task Judgments_cut_emptied_doubled_or_from_another_run_are_refused_with_nothing_changed(string damage, string expected)
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Qdhf(), 6);
        string judgments = Path.Combine(dir, "judgments.jsonl");
        var lines = File.ReadAllLines(judgments);
        Assert.True(lines.Length > 4, $"{lines.Length} judgments");
        switch (damage)
        {
            case "cut-at-a-line-end":
                File.WriteAllLines(judgments, lines[..3]);
                break;
            case "cut-in-a-line":
                File.WriteAllText(judgments, string.Join('\n', lines[..3]) + "\n" + lines[3][..(lines[3].Length / 2)]);
                break;
            case "emptied":
                File.WriteAllBytes(judgments, []);
                break;
            case "a-line-doubled":
                File.WriteAllLines(judgments, lines[..2].Append(lines[1]).Concat(lines[2..]));
                break;
            case "the-last-line-doubled":
                File.WriteAllLines(judgments, lines.Append(lines[^1]));
                break;
            case "a-directory":
                File.Delete(judgments);
                Directory.CreateDirectory(judgments);
                break;
            default:
                // The judgments of the same search with another seed.
                string other = await Interrupted(scratch, Qdhf() with { Seed = 34 }, 6, "other");
                File.Copy(Path.Combine(other, "judgments.jsonl"), judgments, overwrite: true);
                break;
        }
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.Contains("Nothing was changed. Put back the run's own judgments.jsonl, or move it aside: the resume then writes it again from the ", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task Judgments_moved_aside_are_written_again_from_the_checkpoint_and_the_run_ends_as_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        string whole = scratch.File("whole");
        using (var run = Experiment.Start(Qdhf(), whole)) await run.RunAsync();
        string dir = await Interrupted(scratch, Qdhf(), 6);
        int recorded = File.ReadAllLines(Path.Combine(dir, "judgments.jsonl")).Length;
        Assert.True(recorded > 0 && recorded < Answers(whole).Length, $"{recorded} of {Answers(whole).Length} judgments before the stop");
        File.Move(Path.Combine(dir, "judgments.jsonl"), Path.Combine(scratch.Path, "judgments-aside.jsonl"));

        using (var resumed = Experiment.Resume(dir))
        {
            Assert.Contains(resumed.Notes, n => n.StartsWith($"judgments.jsonl is missing: it was written again from the checkpoint's {recorded} judgments", StringComparison.Ordinal));
            Assert.Equal(recorded, File.ReadAllLines(Path.Combine(dir, "judgments.jsonl")).Length);
            await resumed.RunAsync();
        }

        Assert.Equal(Answers(whole), Answers(dir));
        Assert.Equal(File.ReadAllLines(Path.Combine(scratch.Path, "judgments-aside.jsonl")), File.ReadAllLines(Path.Combine(dir, "judgments.jsonl"))[..recorded]);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
    }

    [Fact]
    public async Task Judgments_given_after_the_checkpoint_are_replayed_and_the_run_ends_as_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        string whole = scratch.File("whole");
        using (var run = Experiment.Start(Qdhf(), whole)) await run.RunAsync();
        // Stopped at iteration 7, then put back to the checkpoint of iteration 4 (as a process
        // killed after its measure update at iteration 7 leaves it): the answers of that update
        // are in the file, not in the checkpoint.
        string dir = await Interrupted(scratch, Qdhf(), 7);
        File.Delete(Path.Combine(dir, "checkpoint.bin"));
        int before = File.ReadAllLines(Path.Combine(dir, "judgments.jsonl")).Length;

        using (var resumed = Experiment.Resume(dir))
        {
            Assert.Equal(4, resumed.Completed);
            int inCheckpoint = ((Search.LearnedRunSession)resumed.Session).Setup.JudgeAnswers.Count;
            Assert.True(inCheckpoint < before, $"{inCheckpoint} judgments in the checkpoint, {before} in the file");
            await resumed.RunAsync();
        }

        Assert.Equal(Answers(whole), Answers(dir));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
    }

    [Fact]
    public async Task A_text_edited_in_place_in_the_dataset_is_refused_and_a_checkpoint_without_a_dataset_digest_is_not_checked()
    {
        using var scratch = new Scratch();
        var config = SmallTextRun();
        string dir = await Interrupted(scratch, config, 4);
        string dataset = Path.Combine(dir, TextRunSession.DatasetFile);
        var lines = File.ReadAllLines(dataset);
        var row = System.Text.Json.Nodes.JsonNode.Parse(lines[2])!.AsObject();
        row["text"] = row["text"]!.GetValue<string>() + " (edited)";
        lines[2] = row.ToJsonString();
        File.WriteAllLines(dataset, lines);
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains($"dataset.jsonl does not match its checkpoint (its first {lines.Length} rows differ from the ones the checkpoint recorded", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task A_directory_in_the_place_of_a_checkpoint_is_refused_before_anything_changes()
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Sphere(20), 12);
        File.Delete(Path.Combine(dir, "checkpoint.bin"));
        Directory.CreateDirectory(Path.Combine(dir, "checkpoint.bin"));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Contains("checkpoint.bin is a directory, not a checkpoint", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task A_total_below_what_a_qdhf_checkpoint_has_done_is_refused_as_the_length_it_is()
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Qdhf(), 7);
        var before = Snapshot(dir);

        // A learned-measure search plans its updates over the total: the checkpoint does not fit a search of 2 iterations at all.
        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir, length: 2));

        Assert.Equal("length", error.Parameter);
        Assert.Equal(ExperimentErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("2 is below the 7 iterations the checkpoint has already completed.", error.Detail);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public async Task A_qdhf_run_given_a_longer_total_says_its_measure_updates_are_planned_again()
    {
        using var scratch = new Scratch();
        string dir = await Interrupted(scratch, Qdhf(), 7);
        int configured = Qdhf().Length;

        using var extended = Experiment.Resume(dir, length: configured + 10);

        Assert.Contains(extended.Notes, note => note == $"The measure updates are planned again over {configured + 10} iterations (they were planned over {configured}), so from here on this run differs from one started with {configured + 10}.");
    }

    [Fact]
    public async Task A_text_run_resumed_twice_keeps_its_dataset_digest_and_ends_as_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        var config = SmallTextRun();
        string whole = scratch.File("whole");
        using (var run = Experiment.Start(config, whole)) await run.RunAsync();
        string dir = await Interrupted(scratch, config, 2);
        using (var resumed = Experiment.Resume(dir))
        using (var stop = new StopAfter(2))
            await resumed.RunAsync(stop, stop.Token);
        // A blank line is no row: the reader passes over it, and so does the digest.
        File.AppendAllText(Path.Combine(dir, TextRunSession.DatasetFile), "\n");
        using (var resumed = Experiment.Resume(dir)) await resumed.RunAsync();

        Assert.Equal(File.ReadAllText(Path.Combine(whole, TextRunSession.DatasetFile)), File.ReadAllText(Path.Combine(dir, TextRunSession.DatasetFile)));
    }

    [Fact]
    public async Task A_damaged_line_in_the_judgments_of_a_qdhf_run_is_a_named_failure_not_an_unexpected_error()
    {
        using var scratch = new Scratch();
        var config = ExperimentConfig.Parse("""
            {
              "name": "qdhf-history", "seed": 33, "iterations": 12, "checkpoint_every": 4,
              "task": { "name": "arm", "dim": 6 },
              "archive": { "type": "grid", "dims": [10, 10], "ranges": [[-10, 10], [-10, 10]] },
              "initial_population": { "count": 25 },
              "emitters": [ { "type": "gaussian", "sigma": 0.12, "batch_size": 10 } ],
              "measures": { "type": "qdhf", "schedule": "progressive", "judgments": 12,
                            "judge": { "type": "simulated", "label_noise": 0.15 }, "hidden": [], "score_every": 4 }
            }
            """);
        string dir = await Interrupted(scratch, config, 6);
        string judgments = Path.Combine(dir, "judgments.jsonl");
        var lines = File.ReadAllLines(judgments);
        Assert.True(lines.Length > 2, $"{lines.Length} judgments");
        File.WriteAllLines(judgments, lines.Take(1).Append("{\"a\": 1").Concat(lines.Skip(1)));
        var before = Snapshot(dir);

        var error = Assert.Throws<ExperimentException>(() => Experiment.Resume(dir));

        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains("The run's judgments.jsonl cannot be read:", error.Message);
        Assert.Contains("judgments.jsonl:2:", error.Message);
        Assert.Equal(before, Snapshot(dir));
    }
}

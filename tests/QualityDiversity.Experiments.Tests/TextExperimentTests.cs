using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Experiments.Tests;

public sealed class TextExperimentTests
{
    private static TextRunConfig Offline(int steps) =>
        (TextRunConfig)((TextRunConfig)ExperimentConfig.Load(Scratch.Example("text-offline.json"))).WithLength(steps) with { Parquet = false };

    [Fact]
    public async Task An_offline_text_search_runs_from_code_and_its_dataset_and_metrics_read_back()
    {
        using var scratch = new Scratch();
        using var run = Experiment.Start(Offline(32), scratch.File("text"));
        var outcome = await run.RunAsync();

        Assert.Equal(32, outcome.Completed);
        Assert.StartsWith("Done: 32 steps", outcome.Summary[0]);
        var directory = Experiment.Open(scratch.File("text"));
        Assert.True(directory.IsTextSearch);
        var dataset = directory.ReadDataset();
        Assert.Equal(run.Evaluations, dataset.Count);
        var metrics = directory.ReadMetrics();
        // Step 0 is the batch that evaluates the seed texts.
        Assert.Equal([0.0, 16.0, 32.0], metrics["step"]);
        Assert.Equal(run.Statistics.QdScore, metrics["qd_score"][^1], 9);
        Assert.Contains(directory.Figures, f => f.EndsWith(".png", StringComparison.Ordinal));
        var error = Assert.Throws<ExperimentException>(() => directory.ReadArchive());
        Assert.Contains("no archive.csv", error.Message);
    }

    [Fact]
    public async Task A_text_search_cut_short_resumes_to_the_dataset_of_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(Offline(48), scratch.File("whole"))) await whole.RunAsync();
        using (var first = Experiment.Start(Offline(48), scratch.File("cut")))
        using (var stop = new StopAfter(2))
        {
            var outcome = await first.RunAsync(stop, stop.Token);
            Assert.True(outcome.Interrupted);
            Assert.Equal(16, outcome.Completed);
        }
        using (var resumed = Experiment.Resume(scratch.File("cut"))) await resumed.RunAsync();

        static string[] Texts(string dir) => Experiment.Open(dir).ReadDataset().Select(t => $"{t.Id}|{t.Step}|{t.Text}|{t.Quality}").ToArray();
        Assert.Equal(Texts(scratch.File("whole")), Texts(scratch.File("cut")));
    }

    [Fact]
    public void A_text_configuration_edited_in_code_is_written_as_it_runs_and_reads_back_the_same()
    {
        var config = Offline(64) with { Variation = "uniform", Seed = 3, BatchSize = 8 };
        string json = config.ToJson();
        var back = Assert.IsType<TextRunConfig>(ExperimentConfig.Parse(json));
        Assert.Equal("uniform", back.Variation);
        Assert.Equal(3, back.Seed);
        Assert.Equal(8, back.BatchSize);
        Assert.Equal(64, back.Steps);
        Assert.Equal(config.Seeds, back.Seeds);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void A_bad_text_field_set_in_code_is_named()
    {
        using var scratch = new Scratch();
        var error = Assert.Throws<ConfigException>(() => Experiment.Start(Offline(16) with { Variation = "rewrite" }, scratch.File("t")));
        Assert.Equal("text.variation", error.FieldPath);
        Assert.Contains("needs a language model", error.Message);
    }

    [Fact]
    public async Task A_comparison_runs_as_a_library_call_and_reuses_finished_trials()
    {
        using var scratch = new Scratch();
        var options = new TextComparisonOptions { Variations = ["near", "random_search"], Trials = 2, Output = scratch.File("cmp") };
        var lines = new List<string>();
        var first = await TextComparison.RunAsync(Offline(16), options, lines.Add);

        Assert.False(first.Interrupted);
        Assert.Equal(4, first.Results.Count);
        Assert.Equal([0, 1], first.Results.Where(r => r.Variation == "near").Select(r => r.Trial).Order());
        Assert.Contains("| near | 2 |", first.Markdown);
        Assert.Contains("| random_search | 2 |", first.Markdown);
        Assert.True(File.Exists(Path.Combine(scratch.File("cmp"), "summary.csv")));
        // Trial seeds are the base seed + trial: trial 1 of "near" ran with seed 1.
        Assert.Equal(1, Experiment.Open(Path.Combine(scratch.File("cmp"), "near", "trial-1")).ReadConfig().Seed);

        var again = await TextComparison.RunAsync(Offline(16), options, lines.Add);
        Assert.Contains("Reusing 4 finished trial(s).", lines);
        Assert.Equal(first.Results.Select(r => r.QdScore).Order(), again.Results.Select(r => r.QdScore).Order());
    }
}

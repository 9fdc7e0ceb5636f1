using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;
using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Experiments.Tests;

/// <summary>Runs with a noisy simulated judge, and runs stopped before their first checkpoint, resume to exactly the uninterrupted result.</summary>
public sealed class ExactResumeTests
{
    // Updates at iterations 1, 5, 11 and 21 (progressive schedule); checkpoints every 10.
    private static SearchConfig NoisyQdhf() => ExperimentConfig.Default with
    {
        Iterations = 40,
        CheckpointEvery = 10,
        Measures = ExperimentConfig.Default.Measures! with
        {
            Judgments = 200,
            Judge = new JudgeConfig { Type = JudgeConfig.Simulated, LabelNoise = 0.1 },
        },
    };

    private static string[] Results(string dir) =>
    [
        File.ReadAllText(Path.Combine(dir, "archive.csv")),
        File.ReadAllText(Path.Combine(dir, "learned-archive.csv")),
        File.ReadAllText(Path.Combine(dir, "ground_truth.csv")),
        string.Join(",", Experiment.Open(dir).ReadJudgments().Select(j => j.Answer)),
    ];

    [Fact]
    public async Task A_noisy_qdhf_run_resumed_after_losing_its_newest_checkpoint_equals_an_uninterrupted_one()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(NoisyQdhf(), scratch.File("whole"))) await whole.RunAsync();

        string cut = scratch.File("cut");
        using (var first = Experiment.Start(NoisyQdhf(), cut))
        using (var stop = new StopAfter(25))
        {
            Assert.Equal(25, (await first.RunAsync(stop, stop.Token)).Completed);
        }
        // As if killed after the update at iteration 21 but before any checkpoint after 20: the
        // judgments of that update are on disk and must be replayed, not asked again differently.
        File.Delete(Path.Combine(cut, "checkpoint.bin"));
        RunOutcome outcome;
        using (var resumed = Experiment.Resume(cut))
        {
            Assert.Equal(20, resumed.Completed);
            outcome = await resumed.RunAsync();
        }
        Assert.Contains(outcome.Summary, l => l.StartsWith("Judgments: 0 asked of 'simulated (10% noise)', 50 replayed", StringComparison.Ordinal));
        Assert.Equal(Results(scratch.File("whole")), Results(cut));
    }

    [Fact]
    public async Task A_noisy_qdhf_run_cut_by_cancellation_resumes_exactly()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(NoisyQdhf(), scratch.File("whole"))) await whole.RunAsync();
        string cut = scratch.File("cut");
        using (var first = Experiment.Start(NoisyQdhf(), cut))
        using (var stop = new StopAfter(8))
        {
            await first.RunAsync(stop, stop.Token);
        }
        // The updates at 11 and 21 are asked in the new process.
        using (var resumed = Experiment.Resume(cut)) await resumed.RunAsync();
        Assert.Equal(Results(scratch.File("whole")), Results(cut));
    }

    [Fact]
    public async Task A_qdhf_run_stopped_before_its_first_checkpoint_resumes_from_the_start_and_reuses_its_judgments()
    {
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(NoisyQdhf(), scratch.File("whole"))) await whole.RunAsync();
        string cut = scratch.File("cut");
        using (var first = Experiment.Start(NoisyQdhf(), cut))
        using (var stop = new StopAfter(7))
        {
            await first.RunAsync(stop, stop.Token);
        }
        // As if killed at iteration 7, before checkpoint 10: judgments of updates 1 and 5 are on disk, no checkpoint.
        File.Delete(Path.Combine(cut, "checkpoint.bin"));
        Assert.False(File.Exists(Path.Combine(cut, "checkpoint.bin.prev")));
        RunOutcome outcome;
        using (var resumed = Experiment.Resume(cut))
        {
            Assert.Equal(0, resumed.Completed);
            Assert.Contains("has no checkpoint yet", resumed.Notes[0]);
            outcome = await resumed.RunAsync();
        }
        Assert.Contains(outcome.Summary, l => l.StartsWith("Judgments: 100 asked of 'simulated (10% noise)', 100 replayed", StringComparison.Ordinal));
        Assert.Equal(Results(scratch.File("whole")), Results(cut));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (double)i), Experiment.Open(cut).ReadMetrics()["iteration"]);
    }

    [Fact]
    public async Task A_learned_text_search_with_a_noisy_judge_resumes_to_the_dataset_of_an_uninterrupted_one()
    {
        var config = (TextRunConfig)((TextRunConfig)ExperimentConfig.Load(Scratch.Example("text-learned-offline.json"))).WithLength(64);
        config = config with { Parquet = false, Learned = config.Learned! with { Judgments = 120, LabelNoise = 0.1 } };
        using var scratch = new Scratch();
        using (var whole = Experiment.Start(config, scratch.File("whole"))) await whole.RunAsync();
        using (var first = Experiment.Start(config, scratch.File("cut")))
        using (var stop = new StopAfter(2))
        {
            Assert.Equal(16, (await first.RunAsync(stop, stop.Token)).Completed);
        }
        using (var resumed = Experiment.Resume(scratch.File("cut"))) await resumed.RunAsync();

        static string[] Texts(string dir) => Experiment.Open(dir).ReadDataset().Select(t => $"{t.Id}|{t.Step}|{t.Status}|{string.Join(";", t.Measures)}").ToArray();
        Assert.Equal(Texts(scratch.File("whole")), Texts(scratch.File("cut")));
        Assert.Equal(string.Join(",", Experiment.Open(scratch.File("whole")).ReadJudgments().Select(j => j.Answer)),
            string.Join(",", Experiment.Open(scratch.File("cut")).ReadJudgments().Select(j => j.Answer)));
    }
}

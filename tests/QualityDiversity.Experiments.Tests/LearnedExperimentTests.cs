using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Reproduce;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

public sealed class LearnedExperimentTests
{
    [Fact]
    public async Task A_qdhf_search_writes_its_judgments_and_reports_every_refit()
    {
        var config = ExperimentConfig.Default;
        Assert.Equal("arm-qdhf", config.Name);
        config = config with { Iterations = 60, Measures = config.Measures! with { Judgments = 200 } };
        using var scratch = new Scratch();
        using var run = Experiment.Start(config, scratch.File("qdhf"));
        var progress = new StopAfter(int.MaxValue);
        var outcome = await run.RunAsync(progress);

        Assert.Equal(60, outcome.Completed);
        var refits = progress.Notes.Where(n => n.StartsWith("Measure update", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refits);
        Assert.Contains("learned measures refitted", refits[0]);
        var directory = Experiment.Open(scratch.File("qdhf"));
        var judgments = directory.ReadJudgments();
        Assert.Equal(judgments.Count, refits.Sum(NewJudgments));
        Assert.Contains(outcome.Files, f => f.EndsWith("judgments.jsonl", StringComparison.Ordinal));
        Assert.Equal(60, directory.ReadMetrics().RowCount);

        // The refits, ground-truth scores and learned archive read back as the run reported them.
        var updates = directory.ReadMeasureUpdates();
        Assert.Equal(refits.Count, updates.Count);
        Assert.Equal(refits.Select(NewJudgments), updates.Select(u => u.NewJudgments));
        Assert.Equal(judgments.Count, updates[^1].TotalJudgments);
        Assert.All(updates, u => Assert.Equal(2, u.Bounds.Count));
        var scores = directory.ReadGroundTruth();
        Assert.Equal(60, scores[^1].Iteration);
        Assert.Contains(outcome.Summary, line => line.Contains($"archive solutions QD score {scores[^1].ArchiveQdScore:F2}", StringComparison.Ordinal));
        var learned = directory.ReadLearnedArchive();
        Assert.NotEmpty(learned.Rows);
        // Each elite sits in the cell its learned measures map to on the grid over the last update's bounds.
        var grid = new QualityDiversity.Archives.GridArchive<double>(10, [50, 50], [.. updates[^1].Bounds]);
        Assert.All(learned.Rows, r => Assert.Equal(grid.CellOf(r.Measures), r.Index));
        // Ground truth re-inserts the same solutions into its own grid, where some share a cell.
        Assert.InRange(directory.ReadArchive().Rows.Count, 1, learned.Rows.Count);
    }

    [Fact]
    public async Task The_qdhf_reproduction_runs_as_a_library_call()
    {
        using var scratch = new Scratch();
        var options = new QdhfReproductionOptions { Protocol = "qdhf-arm", Trials = 1, Iterations = 20, Methods = ["qd-gt"], Output = scratch.File("rep"), Jobs = 1 };
        var outcome = await QdhfReproduction.RunAsync(options);

        Assert.False(outcome.Interrupted);
        Assert.Equal(1, outcome.TrialsCompleted);
        Assert.Contains("QD-GT", outcome.Markdown);
        Assert.True(File.Exists(Path.Combine(scratch.File("rep"), "summary.csv")));

        var unknown = await Assert.ThrowsAsync<ExperimentException>(() => QdhfReproduction.RunAsync(options with { Methods = ["qdhf-pro"] }));
        Assert.Equal("methods", unknown.Parameter);
        var unknownFit = await Assert.ThrowsAsync<ExperimentException>(() => QdhfReproduction.RunAsync(options with { Fit = "patient" }));
        Assert.Equal("fit", unknownFit.Parameter);
        Assert.Contains("best_validation", unknownFit.Message);
    }

    private static int NewJudgments(string note)
    {
        int at = note.IndexOf(" new judgments", StringComparison.Ordinal);
        if (at < 0) return 0;
        int start = note.LastIndexOf(", ", at, StringComparison.Ordinal) + 2;
        return int.Parse(note[start..at].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class ConsoleJudgeExperimentTests
{
    [Fact]
    public async Task A_console_judge_whose_input_ends_stops_the_run_with_a_clear_failure_and_keeps_it_resumable()
    {
        var config = ExperimentConfig.Default with
        {
            Iterations = 20,
            Measures = ExperimentConfig.Default.Measures! with { Judgments = 40, Judge = new JudgeConfig { Type = JudgeConfig.Console, Person = "me" } },
        };
        using var scratch = new Scratch();
        string dir = scratch.File("console");
        var directory = new RunDirectory(dir);
        System.IO.Directory.CreateDirectory(dir);
        var setup = Search.LearnedSearchBuilder.Build((SearchConfig)config.Validate(), directory, console: new StringReader(""), consoleOut: TextWriter.Null);
        using var session = new Search.LearnedRunSession(setup, directory, "console judge");
        await session.PrepareAsync(new StopAfter(int.MaxValue));

        var error = await Assert.ThrowsAsync<ExperimentException>(() => session.StepAsync(new StopAfter(int.MaxValue), CancellationToken.None));
        Assert.Equal(ExperimentErrorKind.Failure, error.Kind);
        Assert.Contains("the judge 'me' answered none of the 10 triplets", error.Message);
        Assert.Contains("use a recorded judge", error.Message);
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Offline;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Tests.Search;

public class GenerativeSearchTests
{
    internal static readonly string[] Seeds =
    [
        "Green beans are wonderful. I eat them every day. They make me strong and happy.",
        "Broccoli is awful. It smells bad when cooked. Nobody should be forced to eat it.",
        "Carrots are fine I suppose. Peas are sweet. Onions make me cry but add flavour.",
        "Spinach salads are amazing in summer. Add some nuts and oil. You will never look back.",
    ];

    internal static GenerativeSearch NewSearch(int steps = 40, int batch = 8, long seed = 3, ITextEvaluator? evaluator = null, ITextVariation? variation = null, int initMinCells = 3)
    {
        var archive = new GridArchive<TextGenome>(1, [GridAxis.Uniform(10, 0, 1, "vowels")], new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance });
        return new GenerativeSearch(archive,
            new SentenceRecombination(new SeedSelector(shuffle: true)),
            variation ?? new SentenceRecombination(new NearEliteSelector()),
            evaluator ?? new LetterStatisticsEvaluator(),
            Seeds,
            new GenerativeSearchSettings { Steps = steps, BatchSize = batch, Seed = seed, InitMinCells = initMinCells });
    }

    internal static async Task<List<EvaluatedText>> RunAll(GenerativeSearch search)
    {
        var rows = new List<EvaluatedText>();
        while (!search.IsDone) rows.AddRange((await search.StepAsync()).Rows);
        return rows;
    }

    [Fact]
    public async Task Seeds_are_evaluated_first_then_every_step_once()
    {
        var search = NewSearch(steps: 37, batch: 8);
        var rows = await RunAll(search);

        Assert.Equal(Seeds.Length + 37, rows.Count);
        Assert.All(rows.Take(Seeds.Length), r => Assert.Equal("seed", r.Operator));
        Assert.All(rows.Take(Seeds.Length), r => Assert.Equal(0, r.Step));
        Assert.Equal(Enumerable.Range(1, 37), rows.Skip(Seeds.Length).Select(r => r.Step));
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(37, search.Step);
        Assert.True(search.IsDone);
        Assert.Equal(rows.Count, search.Proposed);
    }

    [Fact]
    public async Task Children_name_parents_that_were_evaluated_before_them()
    {
        var rows = await RunAll(NewSearch(steps: 60));
        var earlier = new HashSet<long>();
        foreach (var row in rows)
        {
            Assert.All(row.ParentIds, p => Assert.Contains(p, earlier));
            if (row.Step > 0) Assert.NotEmpty(row.ParentIds);
            earlier.Add(row.Id);
        }
    }

    [Fact]
    public async Task Initialisation_uses_the_initial_operator_until_enough_cells_are_filled()
    {
        var search = NewSearch(steps: 48, batch: 8, initMinCells: 5);
        var rows = await RunAll(search);
        Assert.True(rows.Count(r => r.Step == 0 && r.Status == EvaluatedTextStatus.New) < 5);
        var stepRows = rows.Where(r => r.Step > 0).ToList();
        Assert.Equal("recombine_shuffled_seeds", stepRows[0].Operator);
        Assert.Contains(stepRows, r => r.Operator == "recombine_near");
        // Once the main operator is used, initialisation never comes back.
        int firstNear = stepRows.FindIndex(r => r.Operator == "recombine_near");
        Assert.All(stepRows.Skip(firstNear), r => Assert.Equal("recombine_near", r.Operator));
        Assert.True(search.Archive.Count >= 5);
    }

    [Fact]
    public async Task Archive_statuses_agree_with_the_archive()
    {
        var search = NewSearch(steps: 60);
        var rows = await RunAll(search);
        int newCells = rows.Count(r => r.Status == EvaluatedTextStatus.New);
        Assert.Equal(search.Archive.Count, newCells);
        foreach (var elite in search.Archive.Elites())
        {
            var row = rows.Single(r => r.Id == elite.Solution[0].Id);
            Assert.Equal(elite.Objective, row.Quality);
            Assert.Equal(elite.Measures, row.Measures);
            Assert.True(row.Cell >= 0);
        }
        Assert.Equal(rows.Count(r => r.Status is EvaluatedTextStatus.New or EvaluatedTextStatus.Improved or EvaluatedTextStatus.NotAdded), search.History.Count);
    }

    [Fact]
    public async Task Runs_do_not_depend_on_the_order_answers_arrive_in()
    {
        var steady = await RunAll(NewSearch(steps: 50, evaluator: new LetterStatisticsEvaluator()));
        var jittered = await RunAll(NewSearch(steps: 50, evaluator: new LetterStatisticsEvaluator(jitter: true)));
        Assert.Equal(steady.Select(r => (r.Id, r.Text, r.Status)), jittered.Select(r => (r.Id, r.Text, r.Status)));
    }

    [Fact]
    public async Task Different_seeds_give_different_runs()
    {
        var a = await RunAll(NewSearch(steps: 30, seed: 1));
        var b = await RunAll(NewSearch(steps: 30, seed: 2));
        Assert.NotEqual(a.Select(r => r.Text), b.Select(r => r.Text));
    }

    [Fact]
    public async Task Failed_evaluations_are_recorded_and_kept_out_of_the_archive()
    {
        foreach (bool throws in new[] { false, true })
        {
            var search = NewSearch(steps: 40, evaluator: new LetterStatisticsEvaluator(failMarker: "Broccoli", throwOnMarker: throws));
            var rows = await RunAll(search);
            var failed = rows.Where(r => r.Status == EvaluatedTextStatus.EvaluationFailed).ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Contains("Broccoli", r.Text));
            Assert.All(failed, r => Assert.False(string.IsNullOrEmpty(r.Failure)));
            Assert.All(failed, r => Assert.True(double.IsNaN(r.Quality)));
            Assert.DoesNotContain(search.Archive.Elites(), e => e.Solution[0].Text.Contains("Broccoli"));
            Assert.Equal(failed.Count, search.Failed);
            if (throws) Assert.All(failed, r => Assert.Contains("marker found", r.Failure));
        }
    }

    [Fact]
    public async Task A_failed_generation_is_a_row_without_text()
    {
        var search = NewSearch(steps: 16, variation: new FailingVariation());
        var rows = await RunAll(search);
        var failed = rows.Where(r => r.Status == EvaluatedTextStatus.GenerationFailed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.Null(r.Text));
        Assert.All(failed, r => Assert.Equal("no text today", r.Failure));
    }

    [Fact]
    public async Task Resuming_from_a_checkpoint_continues_exactly()
    {
        var dir = Directory.CreateTempSubdirectory("qd-text-");
        try
        {
            var full = NewSearch(steps: 64, batch: 8);
            var fullRows = await RunAll(full);

            var first = NewSearch(steps: 64, batch: 8);
            var resumedRows = new List<EvaluatedText>();
            for (int i = 0; i < 4; i++) resumedRows.AddRange((await first.StepAsync()).Rows);
            string path = Path.Combine(dir.FullName, "search.ckpt");
            first.SaveCheckpoint(path);

            var evaluator = new LetterStatisticsEvaluator();
            var second = NewSearch(steps: 64, batch: 8, evaluator: evaluator);
            second.LoadCheckpoint(path);
            Assert.Equal(first.Step, second.Step);
            resumedRows.AddRange(await RunAll(second));

            Assert.Equal(fullRows.Select(r => (r.Id, r.Text, r.Status, r.Quality)), resumedRows.Select(r => (r.Id, r.Text, r.Status, r.Quality)));
            Assert.Equal(full.Archive.Statistics.QdScore, second.Archive.Statistics.QdScore);
            Assert.Equal(full.History.Count, second.History.Count);
            // Only the steps after the checkpoint were evaluated again.
            Assert.Equal(64 - first.Step, evaluator.Calls);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_from_another_seed_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("qd-text-");
        try
        {
            string path = Path.Combine(dir.FullName, "search.ckpt");
            NewSearch(seed: 1).SaveCheckpoint(path);
            var e = Assert.Throws<InvalidDataException>(() => NewSearch(seed: 2).LoadCheckpoint(path));
            Assert.Contains("seed", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Mismatched_measure_dimensions_are_refused_up_front()
    {
        var archive = new GridArchive<TextGenome>(1, [GridAxis.Uniform(4, 0, 1), GridAxis.Uniform(4, 0, 1)], new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance });
        var e = Assert.Throws<ArgumentException>(() => new GenerativeSearch(archive, new SentenceRecombination(new SeedSelector(true)),
            new SentenceRecombination(new NearEliteSelector()), new LetterStatisticsEvaluator(), Seeds, new GenerativeSearchSettings()));
        Assert.Contains("2 measures", e.Message);
    }

    [Fact]
    public async Task A_measure_the_archive_refuses_fails_only_that_text()
    {
        var archive = new CategoricalArchive<TextGenome>(1, [["low", "high"]], new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance });
        var search = new GenerativeSearch(archive, new SentenceRecombination(new SeedSelector(true)), new SentenceRecombination(new NearEliteSelector()),
            new HalfMeasureEvaluator(), Seeds, new GenerativeSearchSettings { Steps = 8, BatchSize = 4 });
        var rows = await RunAll(search);
        Assert.Contains(rows, r => r.Status == EvaluatedTextStatus.EvaluationFailed && r.Failure!.Contains("refused"));
        Assert.Contains(rows, r => r.Status == EvaluatedTextStatus.New);
    }

    private sealed class FailingVariation : ITextVariation
    {
        public string Name => "failing";

        public TextVariationRequest Prepare(TextVariationContext context) => new([], "nothing", context.CallTag);

        public Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(TextVariationOutcome.Failed("no text today"));
    }

    // Gives a label index for texts with an even id and an invalid 0.5 otherwise.
    private sealed class HalfMeasureEvaluator : ITextEvaluator
    {
        public int MeasureDim => 1;

        public int FeatureDim => 0;

        public Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken) =>
            Task.FromResult(TextEvaluation.Success(1, [text.Id % 2 == 0 ? text.Id % 4 / 2 : 0.5]));
    }
}

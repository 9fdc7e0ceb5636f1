using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Tests.Search;

/// <summary>The schedule of QDAIF's reference protocol: seeds as prompt examples, zero-shot prompt examples, warm-up of at least N steps and until 3 cells.</summary>
public class QdaifScheduleTests
{
    // A variation that writes its text from what it was shown, so prompts and lineage are visible
    // in the rows; like the language-model operators, it checkpoints its selector's state.
    private sealed class ShowingVariation(IFewShotSelector selector) : ITextVariation, QualityDiversity.Persistence.ICheckpointable
    {
        public void WriteState(BinaryWriter writer) => (selector as QualityDiversity.Persistence.ICheckpointable)?.WriteState(writer);

        public void ReadState(BinaryReader reader) => (selector as QualityDiversity.Persistence.ICheckpointable)?.ReadState(reader);

        public string Name => $"show_{selector.Name}";

        public TextVariationRequest Prepare(TextVariationContext context)
        {
            var selection = selector.Select(context);
            string prompt = selection.Examples.Count == 0 ? "(zero-shot)" : string.Join(" | ", selection.Examples.Select(e => e.Id));
            return new TextVariationRequest(selection.ParentIds, prompt, context.CallTag);
        }

        public Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(TextVariationOutcome.Produced($"Text from [{request.Prompt}] at {request.CallTag}."));
    }

    // Measures chosen by step: every text up to `crowdedUntil` lands in one cell, later ones spread.
    private sealed class StepEvaluator(int crowdedUntil) : ITextEvaluator
    {
        public int MeasureDim => 1;

        public int FeatureDim => 0;

        public Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
        {
            double measure = text.Step <= crowdedUntil ? 0.05 : (text.Id % 10) / 10.0 + 0.05;
            return Task.FromResult(TextEvaluation.Success(text.Id % 7 / 7.0, [measure], annotations: [new("quality.mode", "option_logprobs"), new("x.mode", text.Id % 4 == 0 ? "logprobs" : "option_logprobs")]));
        }
    }

    private static readonly string[] Seeds = ["Seed one.", "Seed two.", "Seed three."];

    private static GenerativeSearch Search(int steps, int crowdedUntil, IReadOnlyList<string> seeds, int zeroShotExamples = 0, int initSteps = 50, string variation = "near")
    {
        var archive = new CellDepthArchive<TextGenome>(new GridArchive<TextGenome>(1, [GridAxis.Uniform(10, 0, 1, "x")],
            new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance }), 100, TextGenomeCodec.Instance);
        var pool = new QdaifPromptPool(refillFromStep: initSteps + 2);
        var lineages = new FewShotLineages();
        IFewShotSelector main = variation == "replace" ? new ReplaceSelector(pool, lineages: lineages) : new NearEliteSelector();
        return new GenerativeSearch(archive, new ShowingVariation(new PoolSampleSelector(pool, lineages: lineages)), new ShowingVariation(main),
            new StepEvaluator(crowdedUntil), seeds, new GenerativeSearchSettings
            {
                Steps = steps,
                BatchSize = 1,
                Seed = 5,
                InitMaxSteps = initSteps,
                InitMinCells = 3,
                InitRule = InitialisationRule.StepsThenCells,
                SeedsInArchive = false,
                ZeroShotExamples = zeroShotExamples,
            });
    }

    private static async Task<List<EvaluatedText>> RunAll(GenerativeSearch search)
    {
        var rows = new List<EvaluatedText>();
        while (!search.IsDone) rows.AddRange((await search.StepAsync()).Rows);
        return rows;
    }

    [Fact]
    public async Task Seeds_are_prompt_examples_only_and_never_enter_the_archive()
    {
        var search = Search(steps: 4, crowdedUntil: 0, Seeds);
        var start = (await search.StepAsync()).Rows;
        Assert.Equal(Seeds, start.Select(r => r.Text));
        Assert.All(start, r => Assert.Equal(EvaluatedTextStatus.PromptExample, r.Status));
        Assert.All(start, r => Assert.True(double.IsNaN(r.Quality)));
        Assert.True(search.Archive.IsEmpty);
        Assert.Equal(0, search.Proposed);
        var rows = await RunAll(search);
        Assert.DoesNotContain(search.Archive.Elites(), e => e.Solution[0].Operator == "seed");
        // Warm-up prompts are few-shot: each shows three of the seeds.
        Assert.All(rows, r => Assert.Equal(3, r.Text!.Split('[')[1].Split(']')[0].Split(" | ").Length));
        Assert.All(rows, r => Assert.Subset(new HashSet<long> { 0, 1, 2 }, r.Text!.Split('[')[1].Split(']')[0].Split(" | ").Select(long.Parse).ToHashSet()));
    }

    [Fact]
    public async Task Warm_up_lasts_at_least_its_steps_even_when_three_cells_are_filled_early()
    {
        // Texts spread from step 1 on: three cells are filled within the first few steps.
        var rows = await RunAll(Search(steps: 60, crowdedUntil: 0, Seeds));
        var steps = rows.Where(r => r.Step > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 60), steps.Select(r => r.Step));
        Assert.All(steps.Take(50), r => Assert.Equal("show_pool", r.Operator));
        Assert.All(steps.Skip(50), r => Assert.Equal("show_near", r.Operator));
    }

    [Fact]
    public async Task Warm_up_goes_on_past_its_steps_while_fewer_than_three_cells_are_filled()
    {
        // Every text up to step 70 lands in one cell.
        var search = Search(steps: 90, crowdedUntil: 70, Seeds);
        var rows = (await RunAll(search)).Where(r => r.Step > 0).ToList();
        Assert.All(rows.Where(r => r.Step <= 71), r => Assert.Equal("show_pool", r.Operator));
        int firstMain = rows.FindIndex(r => r.Operator == "show_near");
        Assert.True(firstMain > 70, $"the main operator started at step {rows[firstMain].Step}");
        Assert.All(rows.Skip(firstMain), r => Assert.Equal("show_near", r.Operator));
        Assert.True(search.Archive.Count >= 3);
    }

    [Fact]
    public async Task A_zero_shot_start_generates_five_prompt_examples_and_warm_up_prompts_are_few_shot_from_them()
    {
        var search = Search(steps: 6, crowdedUntil: 0, [], zeroShotExamples: 5);
        var start = (await search.StepAsync()).Rows;
        Assert.Equal(5, start.Count);
        Assert.All(start, r => Assert.Equal(EvaluatedTextStatus.PromptExample, r.Status));
        Assert.All(start, r => Assert.StartsWith("Text from [(zero-shot)]", r.Text));
        Assert.Equal(start.Select(r => r.Text), search.PromptExamples.Select(g => g.Text));
        Assert.Equal(5, search.Proposed);
        Assert.Equal(0, search.Step);
        Assert.True(search.Archive.IsEmpty);
        var ids = start.Select(r => r.Id).ToHashSet();
        var rows = await RunAll(search);
        foreach (var row in rows)
        {
            var shown = row.Text!.Split('[')[1].Split(']')[0].Split(" | ").Select(long.Parse).ToArray();
            Assert.Equal(3, shown.Length);
            Assert.Equal(3, shown.Distinct().Count());
            Assert.Subset(ids, shown.ToHashSet());
        }
    }

    [Fact]
    public async Task Judge_paths_are_counted_and_a_resumed_search_continues_exactly()
    {
        var reference = Search(steps: 70, crowdedUntil: 0, [], zeroShotExamples: 5, initSteps: 20, variation: "replace");
        var all = await RunAll(reference);
        Assert.Equal(140, reference.JudgePaths.Values.Sum()); // two scores per evaluated step
        Assert.Equal(all.Count(r => r.Step > 0 && r.Id % 4 == 0), reference.JudgePaths["logprobs"]);

        var first = Search(steps: 70, crowdedUntil: 0, [], zeroShotExamples: 5, initSteps: 20, variation: "replace");
        var rows = new List<EvaluatedText>();
        for (int i = 0; i < 41; i++) rows.AddRange((await first.StepAsync()).Rows);
        var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) first.WriteState(w);
        var resumed = Search(steps: 70, crowdedUntil: 0, [], zeroShotExamples: 5, initSteps: 20, variation: "replace");
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer)) resumed.ReadState(r);
        Assert.Equal(first.PromptExamples.Select(g => (g.Id, g.Text)), resumed.PromptExamples.Select(g => (g.Id, g.Text)));
        Assert.Equal(first.JudgePaths, resumed.JudgePaths);
        rows.AddRange(await RunAll(resumed));
        Assert.Equal(all.Select(r => (r.Id, r.Text, r.Status)), rows.Select(r => (r.Id, r.Text, r.Status)));
        Assert.Equal(reference.JudgePaths, resumed.JudgePaths);
        // Replace children after warm-up inherit their parents' lists, which the checkpoint carried.
        Assert.Contains(rows, r => r.Operator == "show_replace");
    }
}

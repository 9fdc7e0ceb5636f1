using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Tests.Selection;

public class QdaifPromptPoolTests
{
    private static CellDepthArchive<TextGenome> Archive() =>
        new(new GridArchive<TextGenome>(1, [GridAxis.Uniform(40, 0, 40, "x")], new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance }), 100, TextGenomeCodec.Instance);

    private static void Add(CellDepthArchive<TextGenome> archive, long id, int step, int cell, double quality) =>
        archive.Add(new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(new[] { new TextGenome(id, $"text {id}", [], "lmx", step) }, 1), new[] { quality }, new[] { cell + 0.5 }));

    private static TextVariationContext Context(IArchive<TextGenome> archive, IReadOnlyList<TextGenome> seeds, IReadOnlyList<TextGenome> examples) => new()
    {
        Archive = archive,
        Seeds = seeds,
        PromptExamples = examples,
        History = new TextHistory(),
        Random = RandomSource.ForStream(1, 1),
        Step = 1,
        ChildId = 9999,
        CallTag = "t",
    };

    private static readonly TextGenome[] Seeds = [new(0, "seed 0"), new(1, "seed 1"), new(2, "seed 2")];

    [Fact]
    public void The_pool_is_the_prompt_examples_until_a_text_enters_the_archive_after_warm_up()
    {
        var archive = Archive();
        for (int s = 1; s <= 51; s++) Add(archive, 10 + s, s, s % 5, s / 100.0);
        var pool = new QdaifPromptPool(refillFromStep: 52);
        Assert.Equal(Seeds, pool.Current(Context(archive, Seeds, Seeds)));
        Add(archive, 100, 52, 7, 0.9);
        var refilled = pool.Current(Context(archive, Seeds, Seeds));
        // The seeds, then each cell's best three in cell order.
        var expected = Seeds.Concat(archive.OccupiedCells().SelectMany(c => archive.CellEntries(c).Take(3).Select(e => e.Solution[0]))).ToArray();
        Assert.Equal(expected.Select(g => g.Id), refilled.Select(g => g.Id));
        Assert.Equal(3 + 5 * 3 + 1, refilled.Count);
        Assert.Equal([0L, 1, 2, 60, 55, 50], refilled.Take(6).Select(g => g.Id)); // cell 0 holds steps 5, 10, …, 50; best (latest) first
    }

    [Fact]
    public void A_full_refill_keeps_the_last_hundred_pushed_like_a_fifo()
    {
        var archive = Archive();
        long id = 10;
        for (int cell = 0; cell < 40; cell++)
            for (int k = 0; k < 3; k++) Add(archive, id++, 60, cell, k / 10.0);
        var refilled = new QdaifPromptPool(refillFromStep: 52).Current(Context(archive, Seeds, Seeds));
        Assert.Equal(100, refilled.Count);
        var pushed = Seeds.Concat(archive.OccupiedCells().SelectMany(c => archive.CellEntries(c).Take(3).Select(e => e.Solution[0]))).ToArray();
        Assert.Equal(123, pushed.Length);
        Assert.Equal(pushed.Skip(23).Select(g => g.Id), refilled.Select(g => g.Id));
    }

    [Fact]
    public void A_refill_of_three_texts_or_fewer_leaves_the_pool_as_it_was()
    {
        var archive = Archive();
        Add(archive, 10, 60, 3, 0.5);
        Add(archive, 11, 61, 4, 0.5);
        var examples = new TextGenome[] { new(20, "zero-shot a"), new(21, "zero-shot b"), new(22, "zero-shot c"), new(23, "zero-shot d"), new(24, "zero-shot e") };
        var pool = new QdaifPromptPool(refillFromStep: 52);
        // A zero-shot start: no seeds, the refill holds the two texts only.
        Assert.Equal(examples, pool.Current(Context(archive, [], examples)));
        Add(archive, 12, 62, 5, 0.5);
        Add(archive, 13, 63, 6, 0.5);
        Assert.Equal([10L, 11, 12, 13], pool.Current(Context(archive, [], examples)).Select(g => g.Id));
    }

    [Fact]
    public void Replace_swaps_one_entry_of_the_inherited_list_for_a_pool_member()
    {
        var archive = Archive();
        var examples = new TextGenome[] { new(20, "a"), new(21, "b"), new(22, "c"), new(23, "d"), new(24, "e") };
        var lineages = new FewShotLineages();
        var pool = new QdaifPromptPool(refillFromStep: 52);
        var warmUp = new PoolSampleSelector(pool, lineages: lineages).Select(Context(archive, [], examples));
        Assert.Equal(3, warmUp.Examples.Count);
        Assert.True(lineages.TryGet(9999, out var recorded));
        Assert.Equal(warmUp.Examples, recorded);

        // The warm-up child becomes an elite; its replace child differs in at most one entry, taken from the pool.
        archive.Add(new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(new[] { new TextGenome(9999, "child", [], "lmx_pool", 1) }, 1), new[] { 1.0 }, new[] { 2.5 }));
        var context = new TextVariationContext
        {
            Archive = archive, Seeds = [], PromptExamples = examples, History = new TextHistory(),
            Random = RandomSource.ForStream(1, 2), Step = 2, ChildId = 10000, CallTag = "u",
        };
        var child = new ReplaceSelector(pool, lineages: lineages).Select(context);
        Assert.Equal(9999, child.Parent!.Id);
        Assert.True(warmUp.Examples.Zip(child.Examples).Count(p => p.First.Id != p.Second.Id) <= 1);
        Assert.All(child.Examples, e => Assert.Contains(e, examples));
    }
}

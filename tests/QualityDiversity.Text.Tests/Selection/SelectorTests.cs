using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Offline;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Tests.Selection;

public class SelectorTests
{
    private static readonly TextGenome[] Seeds = [new(0, "Seed zero."), new(1, "Seed one."), new(2, "Seed two."), new(3, "Seed three.")];

    private static GridArchive<TextGenome> ArchiveWithElitesInCells(params int[] cells)
    {
        var archive = new GridArchive<TextGenome>(1, [GridAxis.Uniform(20, 0, 20, "x")], new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance });
        foreach (int cell in cells)
        {
            var g = new TextGenome(100 + cell, $"Text in cell {cell}.");
            archive.Add(new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(new[] { g }, 1), new[] { 1.0 + cell / 100.0 }, new[] { cell + 0.5 }));
        }
        return archive;
    }

    private static TextVariationContext Context(IArchive<TextGenome> archive, int stream, TextHistory? history = null, long childId = 1000) => new()
    {
        Archive = archive,
        Seeds = Seeds,
        History = history ?? new TextHistory(),
        Random = RandomSource.ForStream(11, stream),
        Step = stream,
        ChildId = childId,
        CallTag = $"t{stream}",
    };

    [Fact]
    public void Near_selection_prefers_elites_close_to_the_parent()
    {
        // Two clusters far apart: examples should almost always come from the parent's cluster.
        var archive = ArchiveWithElitesInCells(0, 1, 2, 17, 18, 19);
        var selector = new NearEliteSelector(examples: 2);
        int sameCluster = 0, total = 0;
        for (int i = 0; i < 400; i++)
        {
            var selection = selector.Select(Context(archive, i));
            bool parentLow = selection.Parent!.Id < 110;
            foreach (var e in selection.Examples)
            {
                total++;
                if ((e.Id < 110) == parentLow) sameCluster++;
            }
            Assert.Equal(selection.Examples.Count, selection.Examples.Select(e => e.Id).Distinct().Count());
        }
        Assert.True(sameCluster > 0.97 * total, $"{sameCluster} of {total} examples came from the parent's cluster.");
    }

    [Fact]
    public void Near_selection_with_fewer_elites_than_examples_takes_them_all()
    {
        var archive = ArchiveWithElitesInCells(4, 9);
        var selection = new NearEliteSelector(examples: 3).Select(Context(archive, 1));
        Assert.Equal(2, selection.Examples.Count);
    }

    [Fact]
    public void Elite_selectors_refuse_an_empty_archive_with_a_clear_message()
    {
        var archive = ArchiveWithElitesInCells();
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => new NearEliteSelector().Select(Context(archive, 1))).Message);
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => new ReplaceSelector().Select(Context(archive, 1))).Message);
    }

    [Fact]
    public void Fixed_seeds_keep_their_order_and_shuffled_seeds_vary()
    {
        var archive = ArchiveWithElitesInCells();
        var fixedSel = new SeedSelector(shuffle: false);
        Assert.Equal([0L, 1, 2], fixedSel.Select(Context(archive, 1)).Examples.Select(e => e.Id));
        Assert.Equal([0L, 1, 2], fixedSel.Select(Context(archive, 2)).Examples.Select(e => e.Id));
        var orders = Enumerable.Range(0, 30).Select(i => string.Join(",", new SeedSelector(shuffle: true).Select(Context(archive, i)).Examples.Select(e => e.Id))).Distinct().Count();
        Assert.True(orders > 5);
    }

    [Fact]
    public void Quality_pool_draws_only_the_fittest_texts()
    {
        var history = new TextHistory();
        for (int i = 0; i < 50; i++) history.Add(new TextGenome(10 + i, $"t{i}"), quality: i, measures: [0]);
        var selector = HistoryPoolSelector.QualityOnly(poolSize: 5);
        for (int s = 0; s < 50; s++)
            Assert.All(selector.Select(Context(ArchiveWithElitesInCells(), s, history)).Examples, e => Assert.True(e.Id >= 10 + 45));
        var random = HistoryPoolSelector.RandomSearch();
        var seen = Enumerable.Range(0, 100).SelectMany(s => random.Select(Context(ArchiveWithElitesInCells(), s, history)).Examples).Select(e => e.Id).Distinct().Count();
        Assert.True(seen > 30);
    }

    [Fact]
    public void Pools_start_from_the_seeds()
    {
        var selection = HistoryPoolSelector.RandomSearch().Select(Context(ArchiveWithElitesInCells(), 1));
        Assert.All(selection.Examples, e => Assert.Contains(e, Seeds));
    }

    [Fact]
    public void Replace_children_inherit_their_parents_list_with_one_swap_and_survive_a_checkpoint()
    {
        var archive = ArchiveWithElitesInCells(3);
        var selector = new ReplaceSelector(examples: 3);
        var first = selector.Select(Context(archive, 1, childId: 500));
        Assert.Equal(3, first.Examples.Count);

        // Make the child an elite, then vary it: its child's list differs in at most one place.
        var child = new TextGenome(500, "The child.");
        archive.Add(new CandidateBatch<TextGenome>(new SolutionBatch<TextGenome>(new[] { child }, 1), new[] { 5.0 }, new[] { 3.5 }));
        var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, true)) selector.WriteState(w);
        var restored = new ReplaceSelector(examples: 3);
        buffer.Position = 0;
        using (var r = new BinaryReader(buffer)) restored.ReadState(r);
        Assert.Equal(selector.LineageCount, restored.LineageCount);

        var grandchild = restored.Select(Context(archive, 2, childId: 501));
        Assert.Equal(500, grandchild.Parent!.Id);
        int differences = first.Examples.Zip(grandchild.Examples).Count(p => p.First.Id != p.Second.Id);
        Assert.True(differences <= 1, $"{differences} entries changed.");
    }

    [Fact]
    public void Sentences_are_split_at_terminal_punctuation_and_line_breaks()
    {
        Assert.Equal(["One.", "Two!", "Three?", "Yes", "Four and 3.5 more"], SentenceSplitter.Split("One. Two!  Three? Yes\nFour and 3.5 more"));
        Assert.Equal(["\"Quoted.\"", "Next."], SentenceSplitter.Split("\"Quoted.\" Next."));
    }

    [Fact]
    public async Task Recombined_children_are_made_of_their_examples_sentences()
    {
        var archive = ArchiveWithElitesInCells();
        var op = new SentenceRecombination(new SeedSelector(shuffle: true));
        var sentences = Seeds.SelectMany(s => SentenceSplitter.Split(s.Text)).ToHashSet();
        for (int i = 0; i < 20; i++)
        {
            var request = op.Prepare(Context(archive, i));
            var outcome = await op.GenerateAsync(request, CancellationToken.None);
            Assert.True(outcome.Succeeded);
            Assert.All(SentenceSplitter.Split(outcome.Text!), s => Assert.Contains(s, sentences));
            Assert.NotEmpty(request.ParentIds);
        }
    }
}

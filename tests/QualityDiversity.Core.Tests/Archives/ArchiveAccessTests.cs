using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives;

public class ArchiveAccessTests
{
    [Fact]
    public void Sampling_returns_only_occupied_slots_uniformly_and_deterministically()
    {
        var archive = new GridArchive<double>(1, [100], [(0, 100)]);
        archive.Add(Batches.Indexed([1, 1, 1, 1], [5.5], [20.5], [50.5], [90.5]));

        var slots = new int[40_000];
        archive.SampleSlots(new RandomSource(7), slots);
        var counts = slots.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new[] { 5, 20, 50, 90 }, counts.Keys.OrderBy(k => k));
        Assert.All(counts.Values, c => Assert.InRange(c, 9_400, 10_600));

        var again = new int[40_000];
        archive.SampleSlots(new RandomSource(7), again);
        Assert.Equal(slots, again);
    }

    [Fact]
    public void Sampling_an_empty_archive_is_an_error()
    {
        var archive = new GridArchive<double>(1, [10], [(0, 1)]);
        Assert.Throws<InvalidOperationException>(() => archive.SampleSlots(new RandomSource(1), new int[1]));
    }

    [Fact]
    public void Elites_export_copies_every_field_including_features()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(0, 4), (0, 4)], new ArchiveOptions<double> { FeatureDim = 3 });
        archive.Add(Batches.Of([[1, 2], [3, 4]], [5, 6], [[0.5, 0.5], [3.5, 2.5]], [[1, 1, 1], [2, 2, 2]]));

        var elites = archive.Elites().ToList();
        Assert.Equal(2, elites.Count);
        Assert.Equal(0, elites[0].Slot);
        Assert.Equal([1.0, 2.0], elites[0].Solution);
        Assert.Equal([3.5, 2.5], elites[1].Measures);
        Assert.Equal([2.0, 2.0, 2.0], elites[1].Features);
        Assert.Equal(6, elites[1].Objective);
    }

    [Fact]
    public void Find_slot_returns_minus_one_for_empty_cells()
    {
        var archive = new GridArchive<double>(1, [4], [(0, 4)]);
        archive.Add(Batches.Indexed([1], [1.5]));
        Assert.Equal(1, archive.FindSlot([1.2]));
        Assert.Equal(-1, archive.FindSlot([2.2]));
        Assert.Throws<ArgumentException>(() => archive.FindSlot([1, 2]));
    }

    [Fact]
    public void Text_solutions_are_stored_and_survive_a_checkpoint()
    {
        var archive = new GridArchive<string>(1, [3], [(0, 3)]);
        var texts = new SolutionBatch<string>(new[] { "a calm sea", "a storm", "the harbour" }, 1);
        archive.Add(new CandidateBatch<string>(texts, new double[] { 1, 2, 3 }, new double[] { 0.5, 1.5, 1.6 }));
        Assert.Equal("the harbour", archive.Store.Solution(1)[0]);

        var restored = new GridArchive<string>(1, [3], [(0, 3)]);
        RoundTrip(archive, restored);
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
    }

    [Fact]
    public void Checkpoint_round_trip_restores_elites_and_soft_thresholds()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.2, ThresholdMin = 0, FeatureDim = 2 };
        var archive = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 1)], options);
        archive.Add(Batches.Of([[1, 2], [3, 4], [5, 6]], [5, 6, 7], [[0.1, 0.1], [0.1, 0.1], [0.9, 0.5]], [[1, 2], [3, 4], [5, 6]]));

        var restored = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 1)], options);
        RoundTrip(archive, restored);

        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(archive.Statistics, restored.Statistics);
        Assert.Equal(archive.Elites().Select(e => e.Features).SelectMany(f => f), restored.Elites().Select(e => e.Features).SelectMany(f => f));
        for (int slot = 0; slot < archive.CellCount; slot++) Assert.Equal(archive.Store.Threshold(slot), restored.Store.Threshold(slot));
    }

    [Fact]
    public void Checkpoint_from_a_differently_shaped_archive_is_rejected()
    {
        var archive = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 1)]);
        var other = new GridArchive<double>(3, [5, 5], [(0, 1), (0, 1)]);
        var error = Assert.Throws<InvalidDataException>(() => RoundTrip(archive, other));
        Assert.Contains("width", error.Message);
    }

    [Fact]
    public void Checkpoint_from_a_grid_with_other_bins_is_rejected_before_anything_changes()
    {
        var archive = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 1)]);
        archive.Add(Batches.Of([[1, 2]], [1], [[0.5, 0.5]]));
        var finer = new GridArchive<double>(2, [5, 6], [(0, 1), (0, 1)]);
        finer.Add(Batches.Of([[3, 4]], [2], [[0.1, 0.1]]));
        string before = Batches.Snapshot(finer);

        var error = Assert.Throws<InvalidDataException>(() => RoundTrip(archive, finer));
        Assert.Contains("axis 1 has 5 bins", error.Message);
        Assert.Equal(before, Batches.Snapshot(finer));

        var shifted = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 2)]);
        Assert.Throws<InvalidDataException>(() => RoundTrip(archive, shifted));
    }

    private static void RoundTrip<T>(IArchive<T> from, IArchive<T> to)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) from.WriteState(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        to.ReadState(reader);
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Archives;

public class SlidingBoundariesArchiveTests
{
    [Fact]
    public void Before_the_first_remap_the_bins_split_the_initial_range_evenly()
    {
        var archive = new SlidingBoundariesArchive<double>(1, [4], [(0, 4)], remapFrequency: 100);
        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0], archive.Boundaries(0).ToArray());
        var result = archive.Add(Batches.Indexed([5.0, 7.0, 6.0, 1.0], [1.5], [1.2], [1.9], [-3.0]));
        // 1.5, 1.2 and 1.9 share bin 1; -3 falls into the edge bin 0. Candidates go in one at a time.
        Assert.Equal([AddStatus.New, AddStatus.ImprovedExisting, AddStatus.NotAdded, AddStatus.New], result.Status);
        Assert.Equal([5.0, 2.0, -1.0, 1.0], result.Value);
        Assert.Equal(7.0, archive.Store.Objective(1));
        Assert.Equal(2, archive.Count);
        Assert.Equal(4, archive.BufferCount);
    }

    [Fact]
    public void Remap_moves_the_boundaries_to_the_buffer_quantiles_and_refills_the_archive()
    {
        var archive = new SlidingBoundariesArchive<double>(1, [2], [(0, 1)], remapFrequency: 4, bufferCapacity: 4);
        var result = archive.Add(Batches.Indexed([1.0, 2.0, 3.0, 4.0], [10.0], [20.0], [30.0], [40.0]));

        // Sorted buffer 10, 20, 30, 40: e_0 = s_0, e_1 = s_(1*4/2) = s_2, e_2 = s_3.
        Assert.Equal([10.0, 30.0, 40.0], archive.Boundaries(0).ToArray());
        // The first three all land in the upper bin of [0, 1]; the fourth triggers the remap and is
        // judged against the refilled archive: elite 3 (at 30) in bin 1, then 10 and 20 into bin 0.
        Assert.Equal([AddStatus.New, AddStatus.ImprovedExisting, AddStatus.ImprovedExisting, AddStatus.ImprovedExisting], result.Status);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], result.Value);
        Assert.Equal(2, archive.Count);
        Assert.Equal(2.0, archive.Store.Objective(0));
        Assert.Equal(20.0, archive.Store.Measures(0)[0]);
        Assert.Equal(4.0, archive.Store.Objective(1));
        Assert.Equal(40.0, archive.Store.Measures(1)[0]);
    }

    [Fact]
    public void The_buffer_keeps_only_the_most_recent_candidates()
    {
        var archive = new SlidingBoundariesArchive<double>(1, [2], [(0, 1)], remapFrequency: 5, bufferCapacity: 3);
        archive.Add(Batches.Indexed([1, 1, 1, 1, 1], [100.0], [1.0], [2.0], [3.0], [4.0]));
        // The remap saw only 2, 3, 4: the outlier 100 had left the buffer.
        Assert.Equal([2.0, 3.0, 4.0], archive.Boundaries(0).ToArray());
        Assert.Equal(3, archive.BufferCount);
        Assert.Equal(5, archive.CandidatesSeen);
    }

    [Fact]
    public void Malformed_batch_is_rejected_naming_field_and_index_and_leaves_the_archive_unchanged()
    {
        var archive = new SlidingBoundariesArchive<double>(1, [2], [(0, 1)], remapFrequency: 2, bufferCapacity: 4);
        archive.Add(Batches.Indexed([1.0], [0.2]));
        string before = Batches.Snapshot(archive);
        var e = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([1.0, 2.0, 3.0], [0.1], [0.3], [double.NaN])));
        Assert.Equal("measures", e.Field);
        Assert.Equal(2, e.CandidateIndex);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.Equal(1, archive.BufferCount);
        Assert.Equal(1, archive.CandidatesSeen);
        Assert.Equal([0.0, 0.5, 1.0], archive.Boundaries(0).ToArray());
    }

    [Fact]
    public void Soft_thresholds_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new SlidingBoundariesArchive<double>(1, [2], [(0, 1)],
            options: new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 }));
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Checkpoint_round_trip_is_bit_exact_and_continues_identically()
    {
        static SlidingBoundariesArchive<double> Create() => new(2, [5, 4], [(-1, 1), (0, 2)], remapFrequency: 7, bufferCapacity: 13);
        var random = new RandomSource(21);
        CandidateBatch<double> NextBatch()
        {
            var objectives = Enumerable.Range(0, 9).Select(_ => random.NextDouble(0, 10)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextGaussian(), 1 + random.NextGaussian() }).ToArray();
            return Batches.Of(objectives.Select(o => new[] { o, -o }).ToArray(), objectives, measures);
        }
        var archive = Create();
        for (int round = 0; round < 6; round++) archive.Add(NextBatch());

        byte[] saved = Save(archive);
        var restored = Create();
        restored.Add(NextBatch()); // replaced by the checkpoint
        restored.ReadState(new BinaryReader(new MemoryStream(saved)));
        Assert.Equal(saved, Save(restored));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));

        for (int round = 0; round < 4; round++)
        {
            var batch = NextBatch();
            var a = archive.Add(batch);
            var b = restored.Add(batch);
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.Value, b.Value);
        }
        Assert.Equal(Save(archive), Save(restored));

        var other = new SlidingBoundariesArchive<double>(2, [5, 4], [(-1, 1), (0, 2)], remapFrequency: 8, bufferCapacity: 13);
        Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(new MemoryStream(saved))));
    }

    private static byte[] Save(IArchive<double> archive)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) archive.WriteState(writer);
        return stream.ToArray();
    }
}

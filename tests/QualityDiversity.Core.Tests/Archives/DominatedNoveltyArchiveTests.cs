using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Archives;

public class DominatedNoveltyArchiveTests
{
    [Fact]
    public void Score_is_the_mean_distance_to_the_k_nearest_strictly_fitter_solutions()
    {
        var archive = new DominatedNoveltyArchive<double>(1, 1, capacity: 10, k: 2);
        var scores = new double[3];
        archive.ComputeScores([3.0, 2.0, 1.0], [0.0, 1.0, 3.0], scores);
        // 0 has nothing fitter; 1 has only 0 (distance 1); 2 has 0 and 1 (distances 3 and 2).
        Assert.Equal([double.PositiveInfinity, 1.0, 2.5], scores);

        // Equal objectives are not fitter.
        archive.ComputeScores([1.0, 1.0], [0.0, 5.0], scores);
        Assert.Equal([double.PositiveInfinity, double.PositiveInfinity], scores[..2]);

        // k = 1 in two dimensions: the nearest fitter one only.
        var plane = new DominatedNoveltyArchive<double>(1, 2, capacity: 10, k: 1);
        plane.ComputeScores([1.0, 2.0, 3.0], [0.0, 0.0, 3.0, 4.0, 0.0, 1.0], scores);
        Assert.Equal([1.0, Math.Sqrt(9 + 9), double.PositiveInfinity], scores);
    }

    [Fact]
    public void Add_keeps_the_highest_scores_of_the_union_and_reports_each_candidates_score()
    {
        var archive = new DominatedNoveltyArchive<double>(1, 1, capacity: 2, k: 2);
        var first = archive.Add(Batches.Indexed([3.0, 2.0, 1.0], [0.0], [1.0], [3.0]));
        Assert.Equal([AddStatus.New, AddStatus.NotAdded, AddStatus.New], first.Status);
        Assert.Equal([double.PositiveInfinity, 1.0, 2.5], first.Value);
        Assert.Equal(2, archive.Count);
        Assert.Equal(0.0, archive.Store.Solution(0)[0]);
        Assert.Equal(2.0, archive.Store.Solution(1)[0]); // slots in union order

        // A fitter candidate at 2.9: elite (0, f 3) scores 2.9, elite (3, f 1) scores (3 + 0.1) / 2.
        var second = archive.Add(Batches.Indexed([5.0], [2.9]));
        Assert.Equal([AddStatus.New], second.Status);
        Assert.Equal([double.PositiveInfinity], second.Value);
        Assert.Equal(2, archive.Count);
        Assert.Equal([0, 1], archive.Store.OccupiedSlots.ToArray().Order().ToArray());
        Assert.Equal(3.0, archive.Store.Objective(0));
        Assert.Equal(5.0, archive.Store.Objective(1));
        Assert.Equal(8.0, archive.Statistics.QdScore);
        Assert.Equal(1.0, archive.Statistics.Coverage);
        Assert.Equal(1, archive.FindSlot([2.0]));
    }

    [Fact]
    public void Malformed_batch_is_rejected_naming_field_and_index_and_leaves_the_archive_unchanged()
    {
        var archive = new DominatedNoveltyArchive<double>(1, 1, capacity: 3);
        archive.Add(Batches.Indexed([1.0, 2.0], [0.0], [1.0]));
        string before = Batches.Snapshot(archive);
        var e = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([1.0, double.PositiveInfinity], [0.5], [0.7])));
        Assert.Equal("objectives", e.Field);
        Assert.Equal(1, e.CandidateIndex);
        Assert.Equal(before, Batches.Snapshot(archive));
    }

    [Fact]
    public void Checkpoint_round_trip_is_bit_exact_and_continues_identically()
    {
        var random = new RandomSource(5);
        CandidateBatch<double> NextBatch()
        {
            var objectives = Enumerable.Range(0, 11).Select(_ => random.NextDouble(0, 10)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
            return Batches.Of(objectives.Select(o => new[] { o, o * o }).ToArray(), objectives, measures);
        }
        var archive = new DominatedNoveltyArchive<double>(2, 2, capacity: 17, k: 3);
        for (int round = 0; round < 5; round++) archive.Add(NextBatch());
        Assert.Equal(17, archive.Count);

        byte[] saved = Save(archive);
        var restored = new DominatedNoveltyArchive<double>(2, 2, capacity: 17, k: 3);
        restored.ReadState(new BinaryReader(new MemoryStream(saved)));
        Assert.Equal(saved, Save(restored));
        var batch = NextBatch();
        var a = archive.Add(batch);
        var b = restored.Add(batch);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Value, b.Value);
        Assert.Equal(Save(archive), Save(restored));

        var other = new DominatedNoveltyArchive<double>(2, 2, capacity: 17, k: 4);
        Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(new MemoryStream(saved))));
    }

    private static byte[] Save(IArchive<double> archive)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) archive.WriteState(writer);
        return stream.ToArray();
    }
}

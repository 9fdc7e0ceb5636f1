using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;
using QualityDiversity.Spatial;

namespace QualityDiversity.Core.Tests.Archives;

public class CvtArchiveTests
{
    // Four centroids at the corners of the unit square; cell i is centroid i.
    private static readonly double[] Corners = [0, 0, 0, 1, 1, 0, 1, 1];

    private static CvtArchive<double> CornerArchive(ArchiveOptions<double>? options = null) => new(1, Corners, 2, options);

    private static int BruteNearest(ReadOnlySpan<double> centroids, int d, ReadOnlySpan<double> q)
    {
        int best = -1;
        double bestDist = double.PositiveInfinity;
        for (int i = 0; i < centroids.Length / d; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++) { double t = q[j] - centroids[i * d + j]; sum += t * t; }
            if (sum < bestDist) { bestDist = sum; best = i; }
        }
        return best;
    }

    [Fact]
    public void KMeans_is_deterministic_for_a_seed_and_thread_count()
    {
        (double, double)[] ranges = [(-1, 1), (0, 3)];
        var a = CvtCentroids.Generate(200, ranges, 5000, seed: 7);
        var b = CvtCentroids.Generate(200, ranges, 5000, seed: 7, new KMeansOptions { MaxDegreeOfParallelism = 1 });
        var c = CvtCentroids.Generate(200, ranges, 5000, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(CvtCentroids.Fingerprint(a, 2), CvtCentroids.Fingerprint(b, 2));
        Assert.NotEqual(CvtCentroids.Fingerprint(a, 2), CvtCentroids.Fingerprint(c, 2));

        var archive = new CvtArchive<double>(3, 200, ranges, samples: 5000, seed: 7);
        Assert.Equal(a, archive.Centroids.ToArray());
        Assert.Equal(200, archive.CellCount);
        Assert.Equal(ranges, archive.Ranges);
    }

    [Theory]
    [InlineData(KMeansInit.RandomSample)]
    [InlineData(KMeansInit.PlusPlus)]
    public void Centroids_lie_within_the_ranges_and_are_distinct(KMeansInit init)
    {
        (double, double)[] ranges = [(-2, -1), (0, 10), (5, 5.5)];
        var options = new KMeansOptions { Init = init, MaxIterations = 20 };
        var centroids = CvtCentroids.Generate(300, ranges, 6000, seed: 3, options);
        Assert.Equal(300 * 3, centroids.Length);
        for (int i = 0; i < centroids.Length; i++)
            Assert.InRange(centroids[i], ranges[i % 3].Item1, ranges[i % 3].Item2);
        var rows = Enumerable.Range(0, 300).Select(i => string.Join(",", centroids.AsSpan(i * 3, 3).ToArray())).ToHashSet();
        Assert.Equal(300, rows.Count);
        Assert.Equal(centroids, CvtCentroids.Generate(300, ranges, 6000, seed: 3, options));
    }

    [Fact]
    public void KMeans_spreads_centroids_evenly()
    {
        // Lloyd's iterations should leave no cell empty of its 20 samples on average.
        (double, double)[] ranges = [(0, 1), (0, 1)];
        var samples = CvtCentroids.UniformSamples(ranges, 10_000, seed: 5);
        var centroids = KMeans.Cluster(samples, 2, 500, seed: 5);
        var tree = new KdTree(centroids, 2);
        var counts = new int[500];
        for (int i = 0; i < 10_000; i++) counts[tree.Nearest(samples.AsSpan(i * 2, 2))]++;
        Assert.True(counts.Min() > 0);
        Assert.True(counts.Max() < 80, $"largest cell holds {counts.Max()} samples");
    }

    [Fact]
    public void Lookup_equals_brute_force_nearest_centroid_for_10000_cells()
    {
        var random = new RandomSource(2024);
        var centroids = new double[10_000 * 2];
        random.FillUniform(centroids, -1, 1);
        var archive = new CvtArchive<double>(1, centroids, 2);
        var points = new double[10_000 * 2];
        random.FillUniform(points, -1.2, 1.2); // includes points beyond the centroids' hull
        for (int i = 0; i < 100; i++) Array.Copy(centroids, i * 37 * 2, points, i * 2, 2); // exactly on centroids

        var cells = new int[10_000];
        archive.CellsOf(points, cells); // large batch: the parallel path
        var small = new int[100];
        archive.CellsOf(points.AsSpan(0, 200), small); // small batch: the sequential path
        for (int i = 0; i < 10_000; i++)
        {
            var q = points.AsSpan(i * 2, 2);
            int expected = BruteNearest(centroids, 2, q);
            Assert.Equal(expected, cells[i]);
            Assert.Equal(expected, archive.CellOf(q));
            if (i < 100) Assert.Equal(expected, small[i]);
        }
    }

    [Fact]
    public void Ties_go_to_the_lower_centroid_index()
    {
        var archive = CornerArchive();
        Assert.Equal(0, archive.CellOf([0.5, 0.5]));  // equidistant from all four
        Assert.Equal(1, archive.CellOf([0.5, 1.0]));  // between centroids 1 and 3
        var duplicates = new CvtArchive<double>(1, [1, 1, 0, 0, 1, 1], 2);
        Assert.Equal(0, duplicates.CellOf([0.9, 0.9]));
    }

    [Fact]
    public void Supplied_centroids_are_validated()
    {
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => new CvtArchive<double>(1, [0, 0, 1], 2)).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => new CvtArchive<double>(1, [], 2)).ParamName);
        var error = Assert.Throws<ArgumentException>(() => new CvtArchive<double>(1, [0, 0, 1, double.PositiveInfinity], 2));
        Assert.Equal("centroids", error.ParamName);
        Assert.Contains("Centroid 1, coordinate 1", error.Message);
        Assert.Equal("measureDim", Assert.Throws<ArgumentOutOfRangeException>(() => new CvtArchive<double>(1, [0, 0], 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new CvtArchive<double>(1, null!, 2));
    }

    [Fact]
    public void Generated_centroid_arguments_are_validated()
    {
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => new CvtArchive<double>(1, 100, [(0, 1)], samples: 50)).ParamName);
        Assert.Equal("cells", Assert.Throws<ArgumentOutOfRangeException>(() => new CvtArchive<double>(1, 0, [(0, 1)])).ParamName);
        Assert.Equal("ranges", Assert.Throws<ArgumentException>(() => new CvtArchive<double>(1, 10, [(0, 1), (2, 2)], samples: 100)).ParamName);
        Assert.Equal("ranges", Assert.Throws<ArgumentException>(() => new CvtArchive<double>(1, 10, [], samples: 100)).ParamName);
    }

    [Fact]
    public void Lookups_with_the_wrong_dimension_name_measures()
    {
        var archive = CornerArchive();
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => archive.CellOf([0.5])).ParamName);
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => archive.FindSlot([0.5, 0.5, 0.5])).ParamName);
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => archive.CellsOf([0.5, 0.5, 0.5], new int[2])).ParamName);
    }

    [Fact]
    public void Supplied_centroids_are_copied()
    {
        double[] centroids = [0, 0, 1, 1];
        var archive = new CvtArchive<double>(1, centroids, 2);
        centroids[0] = 5;
        Assert.Equal(0.0, archive.Centroid(0)[0]);
        Assert.Null(archive.Ranges);
    }

    [Fact]
    public void Add_reports_new_improved_and_not_added_with_values()
    {
        var archive = CornerArchive();
        var first = archive.Add(Batches.Indexed([5.0, -2.0], [0.1, 0.1], [0.9, 0.8]));
        Assert.Equal([AddStatus.New, AddStatus.New], first.Status);
        Assert.Equal([5.0, -2.0], first.Value); // empty cells count as 0 under plain MAP-Elites
        Assert.Equal(-2.0, archive.Store.Objective(3));

        var second = archive.Add(Batches.Indexed([7.0, 4.0, 1.0], [0.2, 0.0], [0.0, 0.3], [1.0, 1.0]));
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.NotAdded, AddStatus.ImprovedExisting], second.Status);
        Assert.Equal([2.0, -1.0, 3.0], second.Value);
        Assert.Equal(7.0, archive.Store.Objective(0));
        Assert.Equal(1.0, archive.Store.Objective(3));
        Assert.Equal(2, archive.Count);
        Assert.Equal(0, archive.FindSlot([0.1, 0.2]));
        Assert.Equal(-1, archive.FindSlot([0.0, 1.0]));
    }

    [Fact]
    public void Several_candidates_in_one_cell_best_wins_and_ties_go_to_the_first()
    {
        var archive = CornerArchive();
        var result = archive.Add(Batches.Indexed([1.0, 3.0, 3.0, 2.0], [0.1, 0.1], [0.2, 0.1], [0.1, 0.2], [0.0, 0.0]));
        Assert.All(result.Status, s => Assert.Equal(AddStatus.New, s));
        Assert.Equal(1, archive.Count);
        Assert.Equal(3.0, archive.Store.Objective(0));
        Assert.Equal(1.0, archive.Store.Solution(0)[0]); // candidate 1, not the tied candidate 2
        Assert.Equal([0.2, 0.1], archive.Store.Measures(0).ToArray());
    }

    [Theory]
    [InlineData(double.NaN, 0.5, "objectives")]
    [InlineData(1.0, double.PositiveInfinity, "measures")]
    public void Malformed_batches_are_rejected_and_leave_the_archive_unchanged(double objective, double measure, string field)
    {
        var archive = CornerArchive();
        archive.Add(Batches.Indexed([1.0, 2.0], [0.1, 0.1], [0.9, 0.9]));
        string before = Batches.Snapshot(archive);
        var stats = archive.Statistics;

        var error = Assert.Throws<ArchiveInputException>(() =>
            archive.Add(Batches.Indexed([9.0, 9.0, objective], [0.0, 0.0], [1.0, 0.0], [0.5, measure])));
        Assert.Equal(2, error.CandidateIndex);
        Assert.Equal(field, error.Field);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.Equal(stats, archive.Statistics);

        var wrongDim = new CandidateBatch<double>(new SolutionBatch<double>(new double[2], 1), new double[] { 1, 2 }, new double[] { 0.1, 0.2, 0.3 });
        Assert.Equal("measures", Assert.Throws<ArchiveInputException>(() => archive.Add(wrongDim)).Field);
        Assert.Equal(before, Batches.Snapshot(archive));
    }

    [Fact]
    public void Statistics_use_the_cell_count_and_offset()
    {
        var archive = CornerArchive(new ArchiveOptions<double> { QdScoreOffset = -10 });
        archive.Add(Batches.Indexed([2.0, -4.0, 6.0], [0.0, 0.0], [0.0, 1.0], [1.0, 1.0]));
        var stats = archive.Statistics;
        Assert.Equal(3, stats.Elites);
        Assert.Equal(4, stats.Cells);
        Assert.Equal(0.75, stats.Coverage);
        Assert.Equal(2 + 10 - 4 + 10 + 6 + 10, stats.QdScore, 12);
        Assert.Equal(34.0 / 4, stats.NormalizedQdScore, 12);
        Assert.Equal(6.0, stats.MaxObjective);
        Assert.Equal(4.0 / 3, stats.MeanObjective, 12);
        Assert.Equal(3, stats.BestSlot);
    }

    [Fact]
    public void Checkpoint_round_trip_restores_identical_elites()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 };
        var archive = new CvtArchive<double>(2, 50, [(0, 1), (0, 1)], options, samples: 2000, seed: 11);
        var random = new RandomSource(4);
        for (int round = 0; round < 5; round++)
        {
            var objectives = Enumerable.Range(0, 40).Select(_ => random.NextDouble(-1, 5)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
            archive.Add(Batches.Of(objectives.Select(o => new[] { o, -o }).ToArray(), objectives, measures));
        }

        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));
        var restored = new CvtArchive<double>(2, 50, [(0, 1), (0, 1)], options, samples: 2000, seed: 11);
        stream.Position = 0;
        restored.ReadState(new BinaryReader(stream));

        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(archive.Statistics, restored.Statistics);
    }

    [Fact]
    public void Checkpoint_from_other_centroids_is_rejected_and_changes_nothing()
    {
        var archive = new CvtArchive<double>(1, 30, [(0, 1)], samples: 500, seed: 1);
        archive.Add(Batches.Indexed([1.0], [0.5]));
        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));

        var other = new CvtArchive<double>(1, 30, [(0, 1)], samples: 500, seed: 2);
        other.Add(Batches.Indexed([3.0, 4.0], [0.1], [0.9]));
        string before = Batches.Snapshot(other);
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(stream)));
        Assert.Contains("other centroids", error.Message);
        Assert.Equal(before, Batches.Snapshot(other));

        var grid = new GridArchive<double>(1, [30], [(0, 1)]);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => grid.ReadState(new BinaryReader(stream)));
    }

    [Fact]
    public void Sampling_returns_only_occupied_slots()
    {
        var archive = new CvtArchive<double>(1, 40, [(0, 1), (0, 1)], samples: 1000, seed: 9);
        Assert.Throws<InvalidOperationException>(() => archive.SampleSlots(new RandomSource(1), new int[3]));
        archive.Add(Batches.Indexed([1.0, 2.0, 3.0], [0.05, 0.05], [0.95, 0.95], [0.05, 0.95]));
        var slots = new int[500];
        archive.SampleSlots(new RandomSource(3), slots);
        var occupied = archive.Store.OccupiedSlots.ToArray().ToHashSet();
        Assert.Equal(3, occupied.Count);
        Assert.All(slots, s => Assert.Contains(s, occupied));
        Assert.Equal(occupied, slots.ToHashSet());
    }

    [Fact]
    public void Soft_thresholds_follow_the_batch_rule()
    {
        const double alpha = 0.5;
        var archive = CornerArchive(new ArchiveOptions<double> { LearningRate = alpha, ThresholdMin = 0 });
        // Cell 0: 2, 4 and 6 clear 0 (k = 3, mean 4); -1 does not.
        var result = archive.Add(Batches.Indexed([2.0, 4.0, -1.0, 6.0], [0.1, 0.0], [0.0, 0.1], [0.2, 0.2], [0.1, 0.1]));
        Assert.Equal([AddStatus.New, AddStatus.New, AddStatus.NotAdded, AddStatus.New], result.Status);
        Assert.Equal([2.0, 4.0, -1.0, 6.0], result.Value);
        double ratio = Math.Pow(1 - alpha, 3);
        double t1 = ratio * 0 + (1 - ratio) * 4.0;
        Assert.Equal(t1, archive.Store.Threshold(0), 12);
        Assert.Equal(6.0, archive.Store.Objective(0));

        // Second batch: 5 clears t1 = 3.5, 3 does not (k = 1).
        var second = archive.Add(Batches.Indexed([5.0, 3.0], [0.0, 0.0], [0.1, 0.0]));
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.NotAdded], second.Status);
        Assert.Equal([5.0 - t1, 3.0 - t1], second.Value);
        double t2 = (1 - alpha) * t1 + alpha * 5.0;
        Assert.Equal(t2, archive.Store.Threshold(0), 12);
        // Below learning rate 1 a candidate that clears the threshold replaces the elite (CMA-MAE's rule).
        Assert.Equal(5.0, archive.Store.Objective(0));
    }
}

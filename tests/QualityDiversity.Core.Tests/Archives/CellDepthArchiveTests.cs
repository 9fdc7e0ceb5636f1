using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives;

public class CellDepthArchiveTests
{
    private static GridArchive<double> Grid(ArchiveOptions<double>? options = null) => new(1, [4], [(0, 4)], options);

    private static CellDepthArchive<double> Deep(int depth, ArchiveOptions<double>? options = null) => new(Grid(options), depth);

    private static double[] Objectives<T>(IReadOnlyList<DepthEntry<T>> entries) => entries.Select(e => e.Objective).ToArray();

    // IEnumerable, not an array: xunit's span overload of Assert.Equal rejects string? under nullable analysis.
    private static IEnumerable<string?> Texts(IReadOnlyList<DepthEntry<string?>> entries) => entries.Select(e => e.Solution[0]);

    private static string DepthSnapshot<T>(CellDepthArchive<T> archive) =>
        string.Join(";", archive.AllEntries().Select(x =>
            $"{x.Cell}:{string.Join(",", x.Entry.Solution)}:{x.Entry.Objective:R}:{string.Join(",", x.Entry.Measures.Select(m => m.ToString("R")))}:{string.Join(",", x.Entry.Features.Select(f => f.ToString("R")))}"));

    private static void RoundTrip(ICheckpointable from, ICheckpointable to)
    {
        using var stream = new MemoryStream();
        from.WriteState(new BinaryWriter(stream));
        stream.Position = 0;
        to.ReadState(new BinaryReader(stream));
        Assert.Equal(stream.Length, stream.Position); // everything written was read
    }

    [Fact]
    public void Keeps_the_best_k_per_cell_best_first_and_ties_keep_the_earlier()
    {
        var archive = Deep(3);
        // Cell 0 gets 2, 5, 1, 5, 7 (solutions 0..4); cell 2 gets one candidate.
        archive.Add(Batches.Indexed([2.0, 5.0, 1.0, 5.0, 7.0, 4.0], [0.1], [0.2], [0.3], [0.4], [0.5], [2.5]));

        var cell0 = archive.CellEntries(0);
        Assert.Equal([7.0, 5.0, 5.0], Objectives(cell0));
        Assert.Equal([4.0, 1.0, 3.0], cell0.Select(e => e.Solution[0]).ToArray()); // the first 5 stays ahead of the second
        Assert.Equal([0.5], cell0[0].Measures);
        Assert.Equal(3, archive.DepthCount(0));
        Assert.Equal(1, archive.DepthCount(2));
        Assert.Equal(0, archive.DepthCount(1));
        Assert.Empty(archive.CellEntries(1));
        Assert.Equal([0, 2], archive.OccupiedCells().ToArray());

        // A later candidate equal to the worst kept one does not displace it; a better one does.
        archive.Add(Batches.Indexed([5.0, 6.0], [0.6], [0.7]));
        cell0 = archive.CellEntries(0);
        Assert.Equal([7.0, 6.0, 5.0], Objectives(cell0));
        Assert.Equal([4.0, 1.0, 1.0], cell0.Select(e => e.Solution[0]).ToArray());
        Assert.Equal([0.5, 0.7, 0.2], cell0.Select(e => e.Measures[0]).ToArray());

        Assert.Equal(
            [(0, 7.0), (0, 6.0), (0, 5.0), (2, 4.0)],
            archive.AllEntries().Select(x => (x.Cell, x.Entry.Objective)).ToArray());
        Assert.Equal("cell", Assert.Throws<ArgumentOutOfRangeException>(() => archive.CellEntries(4)).ParamName);
        Assert.Equal("cell", Assert.Throws<ArgumentOutOfRangeException>(() => archive.DepthCount(-1)).ParamName);
    }

    [Fact]
    public void Depth_lists_match_a_stable_sort_of_everything_offered()
    {
        const int depth = 5;
        var archive = Deep(depth);
        var offered = new List<(int Cell, double Objective, double Solution)>();
        var random = new RandomSource(21);
        for (int round = 0; round < 40; round++)
        {
            // Objectives on a coarse lattice so that ties are common.
            var objectives = Enumerable.Range(0, 7).Select(_ => Math.Round(random.NextDouble(-3, 3))).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(0, 4) }).ToArray();
            var solutions = objectives.Select((_, i) => new[] { round * 100.0 + i }).ToArray();
            archive.Add(Batches.Of(solutions, objectives, measures));
            for (int i = 0; i < objectives.Length; i++) offered.Add((archive.Inner.CellOf(measures[i]), objectives[i], solutions[i][0]));
        }

        for (int cell = 0; cell < archive.CellCount; cell++)
        {
            var expected = offered.Where(o => o.Cell == cell).OrderByDescending(o => o.Objective).Take(depth) // OrderBy is stable
                .Select(o => (o.Objective, o.Solution)).ToArray();
            var actual = archive.CellEntries(cell).Select(e => (e.Objective, e.Solution[0])).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Stored_entries_are_copies_of_the_batch_rows_with_features()
    {
        var inner = new GridArchive<double>(2, [2], [(0, 2)], new ArchiveOptions<double> { FeatureDim = 2 });
        var archive = new CellDepthArchive<double>(inner, 2);
        double[] solutions = [1, 2, 3, 4];
        double[] features = [0.1, 0.2, 0.3, 0.4];
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(solutions, 2), new double[] { 1, 2 }, new double[] { 0.5, 0.6 }, features));
        solutions.AsSpan().Fill(-1);
        features.AsSpan().Fill(-1);

        var entries = archive.CellEntries(0);
        Assert.Equal([3.0, 4.0], entries[0].Solution);
        Assert.Equal([0.3, 0.4], entries[0].Features);
        Assert.Equal([1.0, 2.0], entries[1].Solution);
        Assert.Equal([0.1, 0.2], entries[1].Features);

        // A batch without features stores zeros, as the elite store does.
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(new double[] { 5, 6 }, 2), new double[] { 3 }, new double[] { 0.7 }));
        Assert.Equal([0.0, 0.0], archive.CellEntries(0)[0].Features);
        Assert.Equal([0.0, 0.0], inner.Store.Features(0).ToArray());
    }

    [Fact]
    public void Every_archive_member_matches_an_identical_plain_archive()
    {
        var options = new ArchiveOptions<double> { QdScoreOffset = -3, LearningRate = 0.4, ThresholdMin = -1 };
        var plain = Grid(options);
        var archive = Deep(4, options);
        var random = new RandomSource(5);
        for (int round = 0; round < 30; round++)
        {
            var objectives = Enumerable.Range(0, 6).Select(_ => random.NextDouble(-2, 5)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(0, 4) }).ToArray();
            var expected = plain.Add(Batches.Indexed(objectives, measures));
            var actual = archive.Add(Batches.Indexed(objectives, measures));
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.Value, actual.Value);
        }

        Assert.Equal(plain.Statistics, archive.Statistics);
        Assert.Equal(plain.Statistics.QdScore, archive.Statistics.QdScore);
        Assert.Equal(plain.Statistics.Coverage, archive.Statistics.Coverage);
        Assert.Equal(Batches.Snapshot(plain), Batches.Snapshot(archive));
        Assert.Equal((plain.Count, plain.IsEmpty, plain.CellCount, plain.QdScoreOffset), (archive.Count, archive.IsEmpty, archive.CellCount, archive.QdScoreOffset));
        Assert.Equal((1, 1, 0), (archive.SolutionWidth, archive.MeasureDim, archive.FeatureDim));
        Assert.Same(archive.Inner.Store, archive.Store);
        for (double m = 0.5; m < 4; m++) Assert.Equal(plain.FindSlot([m]), archive.FindSlot([m]));

        var expectedSlots = new int[50];
        var actualSlots = new int[50];
        plain.SampleSlots(new RandomSource(9), expectedSlots);
        archive.SampleSlots(new RandomSource(9), actualSlots);
        Assert.Equal(expectedSlots, actualSlots);

        // The QD score counts one elite per cell however deep the lists are.
        Assert.True(archive.AllEntries().Count() > archive.Count);
    }

    [Fact]
    public void Candidates_below_a_cma_mae_threshold_still_enter_depth()
    {
        var archive = Deep(3, new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 });
        // Cell 1: -2 does not clear threshold_min 0; cell 0: 4 clears it, then 1 does not clear the raised threshold (2).
        var first = archive.Add(Batches.Indexed([-2.0, 4.0], [1.5], [0.5]));
        Assert.Equal([AddStatus.NotAdded, AddStatus.New], first.Status);
        var second = archive.Add(Batches.Indexed([1.0], [0.5]));
        Assert.Equal(AddStatus.NotAdded, second.Status[0]);

        Assert.Equal(1, archive.Count);
        Assert.Equal(-1, archive.FindSlot([1.5]));
        Assert.Equal([-2.0], Objectives(archive.CellEntries(1)));
        Assert.Equal([4.0, 1.0], Objectives(archive.CellEntries(0)));
        Assert.Equal([0, 1], archive.OccupiedCells().ToArray());
        Assert.Equal(4.0, archive.Statistics.QdScore); // only the elite counts
    }

    [Fact]
    public void Malformed_batch_leaves_depth_and_elites_untouched()
    {
        var archive = Deep(2);
        archive.Add(Batches.Indexed([1.0, 2.0], [0.5], [1.5]));
        string depthBefore = DepthSnapshot(archive);
        string elitesBefore = Batches.Snapshot(archive);

        // The first two candidates are valid and would enter depth if validation came late.
        var nan = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([9.0, 9.0, double.NaN], [0.5], [2.5], [3.5])));
        Assert.Equal((2, "objectives"), (nan.CandidateIndex, nan.Field));
        var measures = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([9.0, 9.0], [0.5], [double.PositiveInfinity])));
        Assert.Equal((1, "measures"), (measures.CandidateIndex, measures.Field));
        var wrongDim = new CandidateBatch<double>(new SolutionBatch<double>(new double[2], 1), new double[] { 9, 9 }, new double[] { 0.5 });
        Assert.Equal("measures", Assert.Throws<ArchiveInputException>(() => archive.Add(wrongDim)).Field);
        Assert.Throws<ArgumentException>(() => archive.Add(Batches.Indexed([9.0, 9.0], [0.5], [2.5]), new AddStatus[1], new double[2]));

        Assert.Equal(depthBefore, DepthSnapshot(archive));
        Assert.Equal(elitesBefore, Batches.Snapshot(archive));
        Assert.Equal(1, archive.DepthCount(0));
        Assert.Equal([0, 1], archive.OccupiedCells().ToArray());
    }

    [Fact]
    public void Invalid_categorical_labels_are_rejected_before_depth_changes()
    {
        var inner = new CategoricalArchive<double>(1, [["haiku", "sonnet"], ["happy", "dark"]]);
        var archive = new CellDepthArchive<double>(inner, 3);
        var error = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([1.0, 2.0], [0, 1], [0, 2])));
        Assert.Equal(1, error.CandidateIndex);
        Assert.Empty(archive.AllEntries());
        Assert.Empty(archive.OccupiedCells());
        Assert.True(archive.IsEmpty);
    }

    [Fact]
    public void Checkpoint_round_trip_restores_elites_thresholds_and_depth_lists()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.3, ThresholdMin = -1, FeatureDim = 1 };
        CellDepthArchive<double> Make() => new(new GridArchive<double>(2, [3, 2], [(0, 3), (0, 2)], options), 3, SolutionCodecs.Double);
        var archive = Make();
        var random = new RandomSource(13);
        for (int round = 0; round < 6; round++)
        {
            var objectives = Enumerable.Range(0, 8).Select(_ => random.NextDouble(-3, 3)).ToArray();
            var solutions = objectives.Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(0, 3), random.NextDouble(0, 2) }).ToArray();
            var features = objectives.Select(_ => new[] { random.NextDouble() }).ToArray();
            archive.Add(Batches.Of(solutions, objectives, measures, features));
        }

        var restored = Make();
        restored.Add(Batches.Of([[9, 9]], [100.0], [[0.5, 0.5]])); // replaced by the restore
        RoundTrip(archive, restored);

        Assert.Equal(DepthSnapshot(archive), DepthSnapshot(restored));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(archive.Statistics, restored.Statistics);
        Assert.Equal(archive.OccupiedCells(), restored.OccupiedCells());
        Assert.Equal(18, restored.AllEntries().Count()); // 48 candidates over 6 cells: every list is full

        // Both continue identically after the restore.
        var next = Batches.Of([[0.1, 0.2], [0.3, 0.4]], [2.9, 2.95], [[0.5, 0.5], [2.5, 1.5]], [[0.7], [0.8]]);
        archive.Add(next);
        restored.Add(next);
        Assert.Equal(DepthSnapshot(archive), DepthSnapshot(restored));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
    }

    [Fact]
    public void Checkpoint_round_trip_of_text_solutions_in_a_categorical_archive()
    {
        string[][] axes = [["haiku", "sonnet"], ["happy", "dark"]];
        var options = new ArchiveOptions<string?> { Codec = SolutionCodecs.String };
        CellDepthArchive<string?> Make() => new(new CategoricalArchive<string?>(1, axes, options), 2, SolutionCodecs.String);
        var archive = Make();
        var texts = new SolutionBatch<string?>(new[] { "an old pond", "a frog jumps", "shall I compare thee", null, "the sound of water" }, 1);
        archive.Add(new CandidateBatch<string?>(texts, new double[] { 1, 3, 2, 0.5, 2 }, new double[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0 }));

        Assert.Equal(new string?[] { "a frog jumps", "the sound of water" }, Texts(archive.CellEntries(0)));
        var restored = Make();
        RoundTrip(archive, restored);

        Assert.Equal(DepthSnapshot(archive), DepthSnapshot(restored));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(new string?[] { "a frog jumps", "the sound of water" }, Texts(restored.CellEntries(0)));
        Assert.Equal(new string?[] { "shall I compare thee", null }, Texts(restored.CellEntries(3)));
        Assert.Equal([0, 3], restored.OccupiedCells().ToArray());
    }

    [Fact]
    public void Restoring_into_another_depth_throws_and_changes_nothing()
    {
        var archive = Deep(3);
        archive.Add(Batches.Indexed([1.0, 2.0], [0.5], [0.5]));
        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));

        var other = Deep(2);
        other.Add(Batches.Indexed([5.0], [3.5]));
        string depthBefore = DepthSnapshot(other);
        string elitesBefore = Batches.Snapshot(other);
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(stream)));
        Assert.Contains("best 3", error.Message);
        Assert.Contains("keeps 2", error.Message);
        Assert.Equal(depthBefore, DepthSnapshot(other));
        Assert.Equal(elitesBefore, Batches.Snapshot(other));
    }

    [Fact]
    public void Restoring_across_other_cell_counts_or_a_plain_checkpoint_throws()
    {
        var archive = Deep(2);
        archive.Add(Batches.Indexed([1.0], [0.5]));
        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));

        var wider = new CellDepthArchive<double>(new GridArchive<double>(1, [5], [(0, 4)]), 2);
        stream.Position = 0;
        var cells = Assert.Throws<InvalidDataException>(() => wider.ReadState(new BinaryReader(stream)));
        Assert.Contains("4 cells", cells.Message);
        Assert.Empty(wider.AllEntries());

        // A plain archive's checkpoint is not a depth archive's, and the other way round.
        using var plainStream = new MemoryStream();
        Grid().WriteState(new BinaryWriter(plainStream));
        plainStream.Position = 0;
        Assert.Contains("GridArchive", Assert.Throws<InvalidDataException>(() => Deep(2).ReadState(new BinaryReader(plainStream))).Message);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => Grid().ReadState(new BinaryReader(stream)));
    }

    [Fact]
    public void Clear_empties_elites_thresholds_and_depth_lists()
    {
        var archive = Deep(2, new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 });
        archive.Add(Batches.Indexed([3.0, 4.0, -1.0], [0.5], [0.5], [2.5]));
        Assert.Equal(3, archive.AllEntries().Count());

        archive.Clear();
        Assert.True(archive.IsEmpty);
        Assert.True(archive.Inner.IsEmpty);
        Assert.Equal(0.0, archive.Store.Threshold(0));
        Assert.Empty(archive.AllEntries());
        Assert.Empty(archive.OccupiedCells());
        Assert.Equal(0, archive.DepthCount(0));
        Assert.Equal(0.0, archive.Statistics.QdScore);

        // The archive is usable after clearing, and a checkpoint of it holds no depth entries.
        archive.Add(Batches.Indexed([1.0], [1.5]));
        Assert.Equal([1], archive.OccupiedCells().ToArray());
        var restored = Deep(2, new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 });
        RoundTrip(archive, restored);
        Assert.Equal(DepthSnapshot(archive), DepthSnapshot(restored));
    }

    [Fact]
    public void Constructor_rejects_depth_below_one_and_a_null_archive()
    {
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new CellDepthArchive<double>(Grid(), 0)).ParamName);
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => new CellDepthArchive<double>(null!, 1)).ParamName);
        var archive = new CellDepthArchive<double>(Grid(), 1);
        Assert.Equal(1, archive.Depth);
        archive.Add(Batches.Indexed([1.0, 3.0, 2.0], [0.5], [0.5], [0.5]));
        Assert.Equal([3.0], Objectives(archive.CellEntries(0)));
    }
}

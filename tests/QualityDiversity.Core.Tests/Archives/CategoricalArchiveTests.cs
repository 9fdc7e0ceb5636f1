using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives;

public class CategoricalArchiveTests
{
    private static readonly string[][] GenreTone = [["haiku", "sonnet", "limerick"], ["happy", "dark"]];

    private static CategoricalArchive<double> Archive(ArchiveOptions<double>? options = null) => new(1, GenreTone, options);

    [Fact]
    public void Cells_are_the_label_product_numbered_row_major()
    {
        var archive = Archive();
        Assert.Equal(6, archive.CellCount);
        Assert.Equal([3, 2], archive.Dims);
        Assert.Equal(2, archive.MeasureDim);
        Assert.Equal(["sonnet", "dark"], archive.Axes.Select(a => a[1]).ToArray());
        for (int cell = 0; cell < 6; cell++)
        {
            string[] labels = archive.LabelsOf(cell);
            Assert.Equal(GenreTone[0][cell / 2], labels[0]);
            Assert.Equal(GenreTone[1][cell % 2], labels[1]);
            Assert.Equal(cell, archive.CellOfLabels(labels));
            Assert.Equal(cell, archive.CellOf(archive.MeasuresOf(labels)));
        }
        Assert.Equal([2.0, 1.0], archive.MeasuresOf("limerick", "dark"));
        Assert.Equal(1, archive.IndexOf(0, "sonnet"));
        Assert.Equal("cell", Assert.Throws<ArgumentOutOfRangeException>(() => archive.LabelsOf(6)).ParamName);
    }

    [Fact]
    public void Unknown_labels_are_reported_clearly()
    {
        var archive = Archive();
        var error = Assert.Throws<ArgumentException>(() => archive.IndexOf(1, "angry"));
        Assert.Equal("label", error.ParamName);
        Assert.Contains("\"angry\"", error.Message);
        Assert.Contains("\"happy\"", error.Message);
        Assert.Throws<ArgumentException>(() => archive.MeasuresOf("haiku", "Happy")); // labels are case-sensitive
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => archive.MeasuresOf("haiku")).ParamName);
        Assert.Equal("axis", Assert.Throws<ArgumentOutOfRangeException>(() => archive.IndexOf(2, "happy")).ParamName);
    }

    [Fact]
    public void Malformed_axes_are_rejected()
    {
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new CategoricalArchive<double>(1, [])).ParamName);
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new CategoricalArchive<double>(1, [["a"], []])).ParamName);
        var duplicate = Assert.Throws<ArgumentException>(() => new CategoricalArchive<double>(1, [["a", "b", "a"]]));
        Assert.Equal("axes", duplicate.ParamName);
        Assert.Contains("\"a\" twice", duplicate.Message);
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new CategoricalArchive<double>(1, [["a", null!]])).ParamName);
    }

    [Fact]
    public void Add_reports_new_improved_and_not_added_with_values()
    {
        var archive = Archive();
        var first = archive.Add(Batches.Indexed([3.0, -1.0], archive.MeasuresOf("haiku", "happy"), archive.MeasuresOf("limerick", "dark")));
        Assert.Equal([AddStatus.New, AddStatus.New], first.Status);
        Assert.Equal([3.0, -1.0], first.Value);

        var second = archive.Add(Batches.Indexed([4.0, 2.0, 0.5], [0, 0], [0, 0], [2, 1]));
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.NotAdded, AddStatus.ImprovedExisting], second.Status);
        Assert.Equal([1.0, -1.0, 1.5], second.Value);
        Assert.Equal(4.0, archive.Store.Objective(0));
        Assert.Equal(0.5, archive.Store.Objective(5));
        Assert.Equal(5, archive.FindSlot([2, 1]));
        Assert.Equal(-1, archive.FindSlot([1, 1]));
    }

    [Fact]
    public void Several_candidates_in_one_cell_best_wins_and_ties_go_to_the_first()
    {
        var archive = Archive();
        var result = archive.Add(Batches.Indexed([1.0, 5.0, 5.0, 4.0], [1, 0], [1, 0], [1, 0], [1, 0]));
        Assert.All(result.Status, s => Assert.Equal(AddStatus.New, s));
        Assert.Equal(1, archive.Count);
        Assert.Equal(5.0, archive.Store.Objective(2));
        Assert.Equal(1.0, archive.Store.Solution(2)[0]);
    }

    [Theory]
    [InlineData(1.5, 0.0, 0)]   // not an integer
    [InlineData(-1.0, 0.0, 0)]  // below the first label
    [InlineData(3.0, 0.0, 0)]   // past the last genre
    [InlineData(0.0, 2.0, 1)]   // past the last tone
    [InlineData(0.0, 1e-9, 1)]  // almost, but not, an integer
    public void Invalid_label_indices_name_the_candidate_and_leave_the_archive_unchanged(double genre, double tone, int axis)
    {
        var archive = Archive();
        archive.Add(Batches.Indexed([1.0, 2.0], [0, 0], [2, 1]));
        string before = Batches.Snapshot(archive);
        var stats = archive.Statistics;

        var error = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([9.0, 9.0, 9.0], [1, 1], [1, 0], [genre, tone])));
        Assert.Equal(2, error.CandidateIndex);
        Assert.Equal("measures", error.Field);
        Assert.Contains("Candidate 2", error.Message);
        Assert.Contains($"measure {axis}", error.Message);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.Equal(stats, archive.Statistics);
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => archive.FindSlot([genre, tone])).ParamName);
    }

    [Fact]
    public void Non_finite_values_and_wrong_dimensions_are_rejected()
    {
        var archive = Archive();
        archive.Add(Batches.Indexed([1.0], [0, 0]));
        string before = Batches.Snapshot(archive);
        var nan = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([2.0, double.NaN], [0, 1], [1, 1])));
        Assert.Equal((1, "objectives"), (nan.CandidateIndex, nan.Field));
        var infinite = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([2.0, 2.0], [0, 1], [double.PositiveInfinity, 1])));
        Assert.Equal((1, "measures"), (infinite.CandidateIndex, infinite.Field));
        var wrongDim = new CandidateBatch<double>(new SolutionBatch<double>(new double[1], 1), new double[] { 1 }, new double[] { 0 });
        Assert.Equal("measures", Assert.Throws<ArchiveInputException>(() => archive.Add(wrongDim)).Field);
        Assert.Equal(before, Batches.Snapshot(archive));
    }

    [Fact]
    public void Statistics_use_the_cell_count_and_offset()
    {
        var archive = Archive(new ArchiveOptions<double> { QdScoreOffset = 1 });
        archive.Add(Batches.Indexed([4.0, 2.0, 9.0], [0, 1], [1, 1], [2, 0]));
        var stats = archive.Statistics;
        Assert.Equal(3, stats.Elites);
        Assert.Equal(6, stats.Cells);
        Assert.Equal(0.5, stats.Coverage);
        Assert.Equal(3 + 1 + 8, stats.QdScore, 12);
        Assert.Equal(2.0, stats.NormalizedQdScore, 12);
        Assert.Equal(9.0, stats.MaxObjective);
        Assert.Equal(5.0, stats.MeanObjective, 12);
        Assert.Equal(4, stats.BestSlot);
    }

    [Fact]
    public void Checkpoint_round_trip_restores_identical_elites()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.3, ThresholdMin = -1 };
        var archive = Archive(options);
        var random = new RandomSource(6);
        for (int round = 0; round < 4; round++)
        {
            var objectives = Enumerable.Range(0, 10).Select(_ => random.NextDouble(-2, 2)).ToArray();
            var measures = objectives.Select(_ => new double[] { random.NextInt(3), random.NextInt(2) }).ToArray();
            archive.Add(Batches.Indexed(objectives, measures));
        }
        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));
        var restored = Archive(options);
        stream.Position = 0;
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(archive.Statistics, restored.Statistics);
    }

    [Fact]
    public void Checkpoint_with_other_labels_is_rejected_and_changes_nothing()
    {
        var archive = Archive();
        archive.Add(Batches.Indexed([1.0], [1, 1]));
        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));

        var other = new CategoricalArchive<double>(1, [["haiku", "sonnet", "limerick"], ["happy", "gloomy"]]);
        other.Add(Batches.Indexed([5.0], [0, 0]));
        string before = Batches.Snapshot(other);
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(stream)));
        Assert.Contains("\"dark\"", error.Message);
        Assert.Equal(before, Batches.Snapshot(other));
    }

    [Fact]
    public void Sampling_returns_only_occupied_slots()
    {
        var archive = Archive();
        archive.Add(Batches.Indexed([1.0, 2.0], [0, 1], [2, 0]));
        var slots = new int[200];
        archive.SampleSlots(new RandomSource(8), slots);
        Assert.Equal(new HashSet<int> { 1, 4 }, slots.ToHashSet());
    }

    [Fact]
    public void Soft_thresholds_follow_the_batch_rule()
    {
        const double alpha = 0.5;
        var archive = Archive(new ArchiveOptions<double> { LearningRate = alpha, ThresholdMin = 0 });
        // Cell 3 ("sonnet", "dark"): 1 and 3 clear 0 (k = 2, mean 2); -2 does not. Cell 0: one candidate.
        var result = archive.Add(Batches.Indexed([1.0, -2.0, 3.0, 8.0], [1, 1], [1, 1], [1, 1], [0, 0]));
        Assert.Equal([AddStatus.New, AddStatus.NotAdded, AddStatus.New, AddStatus.New], result.Status);
        Assert.Equal([1.0, -2.0, 3.0, 8.0], result.Value);
        double ratio = Math.Pow(1 - alpha, 2);
        Assert.Equal(ratio * 0 + (1 - ratio) * 2.0, archive.Store.Threshold(3), 12);
        Assert.Equal(alpha * 8.0, archive.Store.Threshold(0), 12);
        Assert.Equal(3.0, archive.Store.Objective(3));
        Assert.Equal(0.0, archive.Store.Threshold(1));
    }
}

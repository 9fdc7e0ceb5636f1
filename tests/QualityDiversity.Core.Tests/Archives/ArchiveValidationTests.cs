using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives;

public class ArchiveValidationTests
{
    private static GridArchive<double> FilledGrid()
    {
        var archive = new GridArchive<double>(2, [5, 5], [(0, 1), (0, 1)]);
        archive.Add(Batches.Of([[1, 1], [2, 2]], [1, 2], [[0.1, 0.1], [0.9, 0.9]]));
        return archive;
    }

    [Theory]
    [InlineData(double.NaN, 0.5, 2, "objectives")]
    [InlineData(double.PositiveInfinity, 0.5, 2, "objectives")]
    [InlineData(1.0, double.NaN, 2, "measures")]
    [InlineData(1.0, double.NegativeInfinity, 2, "measures")]
    public void Non_finite_values_name_the_candidate_and_field_and_leave_the_archive_unchanged(double objective, double measure, int badIndex, string field)
    {
        var archive = FilledGrid();
        string before = Batches.Snapshot(archive);
        var stats = archive.Statistics;

        var objectives = new double[] { 5, 5, objective, 5 };
        var measures = new double[] { 0.3, 0.3, 0.5, 0.5, 0.7, measure, 0.2, 0.8 };
        var batch = new CandidateBatch<double>(new SolutionBatch<double>(new double[8], 2), objectives, measures);

        var error = Assert.Throws<ArchiveInputException>(() => archive.Add(batch));
        Assert.Equal(badIndex, error.CandidateIndex);
        Assert.Equal(field, error.Field);
        Assert.Contains($"Candidate {badIndex}", error.Message);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.Equal(stats, archive.Statistics);
    }

    [Fact]
    public void Wrong_measure_count_is_rejected_naming_measures()
    {
        var archive = FilledGrid();
        var batch = new CandidateBatch<double>(new SolutionBatch<double>(new double[4], 2), new double[] { 1, 2 }, new double[] { 0.1, 0.2, 0.3 });
        var error = Assert.Throws<ArchiveInputException>(() => archive.Add(batch));
        Assert.Equal("measures", error.Field);
        Assert.Equal(2, archive.Count);
    }

    [Fact]
    public void Wrong_objective_count_is_rejected_naming_objectives()
    {
        var archive = FilledGrid();
        var batch = new CandidateBatch<double>(new SolutionBatch<double>(new double[4], 2), new double[] { 1 }, new double[] { 0.1, 0.2, 0.3, 0.4 });
        Assert.Equal("objectives", Assert.Throws<ArchiveInputException>(() => archive.Add(batch)).Field);
    }

    [Fact]
    public void Wrong_solution_width_is_rejected_naming_solutions()
    {
        var archive = FilledGrid();
        var batch = new CandidateBatch<double>(new SolutionBatch<double>(new double[3], 3), new double[] { 1 }, new double[] { 0.1, 0.2 });
        Assert.Equal("solutions", Assert.Throws<ArchiveInputException>(() => archive.Add(batch)).Field);
    }

    [Fact]
    public void Wrong_feature_count_is_rejected_naming_features()
    {
        var archive = new GridArchive<double>(1, [5], [(0, 1)], new ArchiveOptions<double> { FeatureDim = 3 });
        var batch = new CandidateBatch<double>(new SolutionBatch<double>(new double[2], 1), new double[] { 1, 2 }, new double[] { 0.1, 0.2 }, new double[5]);
        Assert.Equal("features", Assert.Throws<ArchiveInputException>(() => archive.Add(batch)).Field);
        Assert.True(archive.IsEmpty);
    }

    [Fact]
    public void Empty_batch_changes_nothing()
    {
        var archive = FilledGrid();
        var result = archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(Array.Empty<double>(), 2), Array.Empty<double>(), Array.Empty<double>()));
        Assert.Equal(0, result.Count);
        Assert.Equal(2, archive.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Learning_rate_outside_zero_one_is_rejected(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GridArchive<double>(1, [5], [(0, 1)], new ArchiveOptions<double> { LearningRate = rate, ThresholdMin = 0 }));
        Assert.Equal("learningRate", error.ParamName);
    }

    [Fact]
    public void Mismatched_dims_and_ranges_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new GridArchive<double>(1, [5, 5], [(0, 1)]));
        Assert.Contains("range", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridArchive<double>(1, [5], [(1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridArchive<double>(1, [0], [(0, 1)]));
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Metrics;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Metrics;

public sealed class ArchiveComparisonTests
{
    // A 2 x 2 grid over [0, 2]^2 with elites in the given cells (row-major: cell = 2x + y).
    private static GridArchive<double> Grid(params (int Cell, double Objective)[] elites)
    {
        var archive = new GridArchive<double>(1, [2, 2], [(0, 2), (0, 2)]);
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(new double[elites.Length], 1),
            elites.Select(e => e.Objective).ToArray(),
            elites.SelectMany(e => new[] { e.Cell / 2 + 0.5, e.Cell % 2 + 0.5 }).ToArray()));
        return archive;
    }

    [Fact]
    public void Cells_are_split_into_both_reached_and_reached_by_one_and_shared_cells_are_scored()
    {
        var comparison = ArchiveComparison.Of(Grid((0, 1), (1, 5), (3, 2)), Grid((1, 5), (2, 1), (3, 3)));

        Assert.Equal(4, comparison.Cells);
        Assert.Equal([1, 3], comparison.Both);
        Assert.Equal([0], comparison.OnlyFirst);
        Assert.Equal([2], comparison.OnlySecond);
        Assert.Equal((0, 1, 1), (comparison.FirstBetter, comparison.SecondBetter, comparison.Ties));
        Assert.Equal(4, comparison.Either);
    }

    [Fact]
    public void Archives_without_fixed_or_equal_cells_are_refused()
    {
        var proximity = new ProximityArchive<double>(1, 2, 0.1);
        Assert.Contains("no fixed cells", Assert.Throws<ArgumentException>(() => ArchiveComparison.Of(Grid(), proximity)).Message);
        var bigger = new GridArchive<double>(1, [3, 3], [(0, 2), (0, 2)]);
        Assert.Contains("4 cells and the second 9", Assert.Throws<ArgumentException>(() => ArchiveComparison.Of(Grid(), bigger)).Message);
        var outside = Assert.Throws<ArgumentException>(() => ArchiveComparison.Of(Grid((3, 1)).ToData(), Grid().ToData(), 2));
        Assert.Contains("row 0 of the first archive is in cell 3, outside the 2 cells", outside.Message);
    }
}

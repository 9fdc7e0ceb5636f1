using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;

namespace QualityDiversity.Core.Tests.Archives;

public class GridArchiveAddTests
{
    private static GridArchive<double> Grid(ArchiveOptions<double>? options = null) =>
        new(1, [10, 10], [(0, 10), (0, 10)], options);

    [Fact]
    public void New_cell_gets_status_new_and_objective_as_value()
    {
        var archive = Grid();
        var result = archive.Add(Batches.Indexed([3.5], [1.5, 2.5]));

        Assert.Equal(AddStatus.New, result.Status[0]);
        Assert.Equal(3.5, result.Value[0]);
        Assert.Equal(1, archive.Count);
        int slot = archive.FindSlot([1.5, 2.5]);
        Assert.Equal(1 * 10 + 2, slot);
        Assert.Equal(3.5, archive.Store.Objective(slot));
        Assert.Equal(3.5, archive.Store.Threshold(slot));
    }

    [Fact]
    public void Better_candidate_improves_existing_and_worse_is_not_added()
    {
        var archive = Grid();
        archive.Add(Batches.Indexed([2.0], [5.5, 5.5]));

        var better = archive.Add(Batches.Indexed([3.0], [5.1, 5.9]));
        Assert.Equal(AddStatus.ImprovedExisting, better.Status[0]);
        Assert.Equal(1.0, better.Value[0], 12);

        var worse = archive.Add(Batches.Indexed([1.0], [5.2, 5.2]));
        Assert.Equal(AddStatus.NotAdded, worse.Status[0]);
        Assert.Equal(-2.0, worse.Value[0], 12);

        var equal = archive.Add(Batches.Indexed([3.0], [5.2, 5.2]));
        Assert.Equal(AddStatus.NotAdded, equal.Status[0]);
        Assert.Equal(0.0, equal.Value[0]);

        Assert.Equal(3.0, archive.Store.Objective(archive.FindSlot([5.5, 5.5])));
        Assert.Equal([5.1, 5.9], archive.Store.Measures(archive.FindSlot([5.5, 5.5])).ToArray());
    }

    [Fact]
    public void Batch_duplicates_best_wins_and_all_are_judged_against_the_pre_batch_state()
    {
        var archive = Grid();
        // Candidates 0..3 land in one empty cell; 2 is best. Candidate 4 lands elsewhere.
        var result = archive.Add(Batches.Indexed([1.0, 4.0, 7.0, 2.0, 5.0],
            [0.5, 0.5], [0.6, 0.6], [0.7, 0.7], [0.8, 0.8], [9.5, 9.5]));

        Assert.All(result.Status, s => Assert.Equal(AddStatus.New, s));
        Assert.Equal([1.0, 4.0, 7.0, 2.0, 5.0], result.Value);
        Assert.Equal(2, archive.Count);
        int slot = archive.FindSlot([0.5, 0.5]);
        Assert.Equal(2.0, archive.Store.Solution(slot)[0]);
        Assert.Equal(7.0, archive.Store.Objective(slot));
    }

    [Fact]
    public void Batch_ties_go_to_the_first_candidate()
    {
        var archive = Grid();
        archive.Add(Batches.Indexed([1.0, 6.0, 6.0, 6.0], [3.1, 3.1], [3.2, 3.2], [3.3, 3.3], [3.4, 3.4]));

        int slot = archive.FindSlot([3.5, 3.5]);
        Assert.Equal(1.0, archive.Store.Solution(slot)[0]);
        Assert.Equal([3.2, 3.2], archive.Store.Measures(slot).ToArray());
    }

    [Fact]
    public void Batch_of_improvers_reports_each_against_the_old_elite()
    {
        var archive = Grid();
        archive.Add(Batches.Indexed([5.0], [2.5, 2.5]));
        var result = archive.Add(Batches.Indexed([6.0, 4.0, 9.0], [2.1, 2.1], [2.2, 2.2], [2.3, 2.3]));

        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.NotAdded, AddStatus.ImprovedExisting], result.Status);
        Assert.Equal(1.0, result.Value[0], 12);
        Assert.Equal(-1.0, result.Value[1], 12);
        Assert.Equal(4.0, result.Value[2], 12);
        Assert.Equal(9.0, archive.Store.Objective(archive.FindSlot([2.5, 2.5])));
        Assert.Equal(9.0, archive.Store.Threshold(archive.FindSlot([2.5, 2.5])));
    }

    [Fact]
    public void Out_of_range_measures_fall_into_edge_cells()
    {
        var archive = Grid();
        archive.Add(Batches.Indexed([1, 2], [-100, 0.5], [1e9, 1e9]));

        Assert.True(archive.Store.IsOccupied(archive.CellAt([0, 0])));
        Assert.True(archive.Store.IsOccupied(archive.CellAt([9, 9])));
    }

    [Fact]
    public void Cells_are_numbered_row_major_with_the_last_axis_fastest()
    {
        var archive = new GridArchive<double>(1, [3, 4], [(0, 3), (0, 4)]);
        Assert.Equal(12, archive.CellCount);
        Assert.Equal(2 * 4 + 3, archive.CellOf([2.5, 3.5]));
        Assert.Equal([2, 3], archive.GridIndexOf(11));
        Assert.Equal(6, archive.CellAt([1, 2]));
    }

    [Fact]
    public void Explicit_bin_edges_place_values_in_non_uniform_bins()
    {
        var axis = GridAxis.FromEdges([0, 0.005, 0.01, 0.5, 0.99, 1.0]);
        var archive = new GridArchive<double>(1, [axis]);

        Assert.Equal(5, archive.CellCount);
        Assert.Equal(0, archive.CellOf([0.001]));
        Assert.Equal(1, archive.CellOf([0.005]));
        Assert.Equal(2, archive.CellOf([0.3]));
        Assert.Equal(3, archive.CellOf([0.7]));
        Assert.Equal(4, archive.CellOf([0.995]));
        Assert.Equal(4, archive.CellOf([3.0]));
        Assert.Equal(0, archive.CellOf([-3.0]));
    }

    [Theory]
    [InlineData(new double[] { 0, 0 })]
    [InlineData(new double[] { 1, 0.5 })]
    [InlineData(new double[] { 0, double.NaN })]
    public void Bad_edges_are_rejected(double[] edges)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => GridAxis.FromEdges(edges));
        Assert.Contains("edge", error.Message);
    }

    [Fact]
    public void A_uniform_axis_too_wide_for_its_bins_is_rejected_instead_of_giving_infinite_edges()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GridAxis.Uniform(100, -10, 1e308, "measure 0"));
        Assert.Contains("measure 0", error.Message);
        Assert.Contains("too wide to split into 100 bins", error.Message);
        Assert.True(double.IsFinite(GridAxis.Uniform(1, -10, 1e308).Edges[1]));
    }

    [Fact]
    public void Uniform_axis_bins_match_floor_of_scaled_position()
    {
        var axis = GridAxis.Uniform(50, -10, 10);
        var random = new global::QualityDiversity.Randomness.RandomSource(3);
        for (int i = 0; i < 10_000; i++)
        {
            double v = random.NextDouble(-10, 10);
            int expected = (int)Math.Floor((v + 10) / 20 * 50);
            int actual = axis.BinOf(v);
            // The tolerance may only move values within 1e-6 of an upper edge up by one bin.
            if (actual != expected) Assert.True(actual == expected + 1 && axis.Edges[actual] - v < 1e-5, $"value {v}: {actual} vs {expected}");
        }
        Assert.Equal(25, axis.BinOf(0.0));
        Assert.Equal(49, axis.BinOf(10.0));
    }
}

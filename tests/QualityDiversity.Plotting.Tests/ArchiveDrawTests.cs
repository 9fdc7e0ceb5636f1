using QualityDiversity.Archives;
using QualityDiversity.Plotting.Tests.Support;
using QualityDiversity.Solutions;
using ScottPlot;
using ScottPlot.Plottables;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Figures drawn straight from archive objects.</summary>
public sealed class ArchiveDrawTests
{
    private const int Width = 640, Height = 480;

    private static void Add<T>(IArchive<T> archive, T[] solutions, double[] objectives, double[] measures) =>
        archive.Add(new CandidateBatch<T>(new SolutionBatch<T>(solutions, archive.SolutionWidth), objectives, measures));

    [Fact]
    public void A_grid_archive_is_drawn_with_each_elite_in_its_cell_coloured_by_objective()
    {
        var archive = new GridArchive<double>(1, [4, 4], [(0, 4), (0, 4)]);
        Add(archive, [0.0, 0.0], [0, 10], [0.5, 0.5, 3.5, 2.5]);

        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Draw(archive, measureNames: ["width", "height"]);
        string path = dir.File("grid.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.5, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 3.5, 2.5, FigureAssert.Viridis(1));
        FigureAssert.ColorAt(bitmap, plot, 2.5, 0.5, FigureAssert.EmptyCell);
        Assert.Equal("width", plot.Axes.Bottom.Label.Text);
        Assert.Equal("grid archive: 2 of 16 cells filled (12.5%)", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Cell_values_put_each_objective_at_its_index_and_leave_the_rest_empty()
    {
        var values = ArchiveFigures.CellValues(4, [3, 1], [7.5, -2]);
        Assert.Equal(4, values.Length);
        Assert.True(double.IsNaN(values[0]) && double.IsNaN(values[2]));
        Assert.Equal(-2, values[1]);
        Assert.Equal(7.5, values[3]);
        var error = Assert.Throws<ArgumentException>(() => ArchiveFigures.CellValues(4, [4], [1]));
        Assert.Contains("cell 4", error.Message);
    }

    [Fact]
    public void A_categorical_archive_over_three_axes_shows_the_best_over_the_third()
    {
        string[][] axes = [["a", "b"], ["x", "y"], ["p", "q", "r"]];
        var archive = new CategoricalArchive<string>(1, axes);
        // Measures are label indices; cells (a, y, p) and (a, y, r) hold 1 and 5, (b, x, q) holds 2.
        Add(archive, ["s1", "s2", "s3"], [1, 5, 2], [0, 1, 0, 0, 1, 2, 1, 0, 1]);

        var data = CategoricalGridData.FromCells(archive.Axes, ArchiveFigures.CellValues(archive.CellCount, archive.ToData().Index, archive.ToData().Objective));
        Assert.Equal(["a", "b"], data.XCategories);
        Assert.Equal(["x", "y"], data.YCategories!);
        Assert.True(double.IsNaN(data.Values[0]));
        Assert.Equal(5, data.Values[1]);
        Assert.Equal(2, data.Values[2]);
        Assert.True(double.IsNaN(data.Values[3]));
        using Plot plot = ArchiveFigures.Draw(archive);
        Assert.Equal("categorical archive: 3 of 12 cells filled (25%)", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void A_cvt_archive_over_three_measures_is_drawn_in_3d_with_its_empty_cells_in_grey()
    {
        var archive = new CvtArchive<double>(1, cells: 10, ranges: [(0, 1), (0, 1), (0, 2)], samples: 1000);
        Add(archive, [0.0, 0.0], [3, 7], [0.1, 0.1, 0.1, 0.9, 0.9, 1.9]);

        using Plot plot = ArchiveFigures.Draw(archive, new ArchiveFigureOptions { MeasureNames = ["x (m)", "y (m)", "height (m)"] });

        var dots = plot.GetPlottables<Internal.ColoredDots>().ToArray();
        Assert.Equal(2, dots.Length);
        Assert.Equal(8, dots[0].Count); // the centroids of the 8 empty cells
        Assert.All(dots[0].Colors, c => Assert.Equal(Internal.ColorMapping.EmptyColor, c));
        Assert.Equal(2, dots[1].Count);
        var texts = plot.GetPlottables<Text>().Select(t => t.LabelText).ToArray();
        Assert.Contains("x (m)", texts);
        Assert.Contains("height (m)", texts);
        Assert.Contains("2", texts); // the top of the height axis
        Assert.Equal("CVT archive: 2 of 10 cells filled (20%)", plot.Axes.Title.Label.Text);
    }
}

using QualityDiversity.Plotting.Tests.Support;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Inconsistent inputs are rejected with an ArgumentException naming the property at fault.</summary>
public class ValidationTests
{
    private static void Rejects(string field, Action build)
    {
        var error = Assert.ThrowsAny<ArgumentException>(build);
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Grid_Values_Must_Match_The_Cell_Count() =>
        Rejects("Values", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 1, 2], [0, 1, 2]], [1, 2, 3])));

    [Fact]
    public void Grid_Edges_Must_Increase() =>
        Rejects("BinEdges", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 2, 1]], [1, 2])));

    [Fact]
    public void Grid_Edges_Must_Not_Repeat() =>
        Rejects("BinEdges", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 1, 1]], [1, 2])));

    [Fact]
    public void Grid_Axis_Needs_Two_Edges() =>
        Rejects("BinEdges", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 1], [5]], [1])));

    [Fact]
    public void Grid_Needs_An_Axis() =>
        Rejects("BinEdges", () => ArchiveFigures.Grid(new GridHeatmapData([], [])));

    [Fact]
    public void Grid_Edges_Must_Be_Finite() =>
        Rejects("BinEdges", () => ArchiveFigures.Grid(new GridHeatmapData([[0, double.NaN]], [1])));

    [Fact]
    public void Grid_Values_Must_Not_Be_Infinite() =>
        Rejects("Values", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 1, 2]], [1, double.PositiveInfinity])));

    [Fact]
    public void Grid_Needs_A_Label_Per_Drawn_Axis() =>
        Rejects("AxisLabels", () => ArchiveFigures.Grid(SampleArchives.Grid() with { AxisLabels = ["only one"] }));

    [Fact]
    public void Grid_Values_Must_Not_Be_Null() =>
        Rejects("Values", () => ArchiveFigures.Grid(new GridHeatmapData([[0, 1]], null!)));

    [Fact]
    public void Cvt_Values_Must_Match_The_Centroids() =>
        Rejects("Values", () => ArchiveFigures.Cvt(new CvtHeatmapData([[0, 0], [1, 1]], [1])));

    [Fact]
    public void Cvt_Centroids_Need_Two_Coordinates() =>
        Rejects("Centroids", () => ArchiveFigures.Cvt(new CvtHeatmapData([[0, 0], [1]], [1, 2])));

    [Fact]
    public void Cvt_Needs_A_Centroid() =>
        Rejects("Centroids", () => ArchiveFigures.Cvt(new CvtHeatmapData([], [])));

    [Fact]
    public void Cvt_Range_Must_Be_Ordered() =>
        Rejects("XRange", () => ArchiveFigures.Cvt(SampleArchives.Cvt(10) with { XRange = new AxisRange(1, 0) }));

    [Fact]
    public void Cvt_Raster_Size_Must_Be_Sensible() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArchiveFigures.Cvt(SampleArchives.Cvt(10), rasterSize: 2));

    [Fact]
    public void Scatter_Values_Must_Match_The_Points() =>
        Rejects("Values", () => ArchiveFigures.Scatter(new ScatterData([[0, 0], [1, 1]], [1, 2, 3])));

    [Fact]
    public void Scatter_Points_Must_Be_Finite() =>
        Rejects("Points", () => ArchiveFigures.Scatter(new ScatterData([[0, double.NaN]], [1])));

    [Fact]
    public void Scatter_Range_Must_Be_Finite() =>
        Rejects("YRange", () => ArchiveFigures.Scatter(SampleArchives.Scatter(10) with { YRange = new AxisRange(0, double.PositiveInfinity) }));

    [Fact]
    public void Categorical_Values_Must_Match_The_Cells() =>
        Rejects("Values", () => ArchiveFigures.Categorical(new CategoricalGridData(["a", "b"], ["c", "d"], [1, 2, 3])));

    [Fact]
    public void Categorical_Needs_Categories() =>
        Rejects("XCategories", () => ArchiveFigures.Categorical(new CategoricalGridData([], null, [])));

    [Fact]
    public void Categorical_Second_Axis_Needs_Categories_When_Given() =>
        Rejects("YCategories", () => ArchiveFigures.Categorical(new CategoricalGridData(["a"], [], [])));

    [Fact]
    public void Categorical_Value_Format_Must_Be_Valid() =>
        Rejects("ValueFormat", () => ArchiveFigures.Categorical(SampleArchives.Categorical() with { ValueFormat = "X" }));

    [Fact]
    public void Metric_Series_Must_Match_X() =>
        Rejects("Series", () => MetricFigures.Curves(new MetricCurvesData([1, 2, 3], [new MetricSeries("QD score", [1, 2])])));

    [Fact]
    public void Metric_X_Must_Not_Be_Empty() =>
        Rejects("X", () => MetricFigures.Curves(new MetricCurvesData([], [new MetricSeries("QD score", [])])));

    [Fact]
    public void Metric_Needs_A_Series() =>
        Rejects("Series", () => MetricFigures.Curves(new MetricCurvesData([1], [])));

    [Fact]
    public void Metric_Series_Needs_A_Name() =>
        Rejects("Series", () => MetricFigures.Curves(new MetricCurvesData([1], [new MetricSeries(" ", [1])])));

    [Fact]
    public void Colour_Scale_Min_Must_Be_Below_Max() =>
        Rejects("Min", () => ArchiveFigures.Grid(SampleArchives.Grid(), new ColorScale { Min = 2, Max = 2 }));

    [Fact]
    public void Colour_Scale_Bounds_Must_Be_Finite() =>
        Rejects("Max", () => ArchiveFigures.Grid(SampleArchives.Grid(), new ColorScale { Max = double.NaN }));

    [Fact]
    public void Validate_Can_Be_Called_Before_Drawing()
    {
        SampleArchives.Grid().Validate();
        SampleArchives.Cvt().Validate();
        SampleArchives.Scatter().Validate();
        SampleArchives.Categorical().Validate();
        SampleArchives.Metrics().Validate();
        Assert.Throws<ArgumentException>(() => new GridHeatmapData([[0, 1]], [1, 2]).Validate());
    }
}

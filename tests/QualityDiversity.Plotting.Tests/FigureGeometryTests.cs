using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;
using SkiaSharp;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Cells are drawn where the data says, in the colour the scale says: checked by sampling rendered pixels.</summary>
public class FigureGeometryTests
{
    private static SKBitmap Render(Plot plot) =>
        PngImage.Decode(FigureFile.Encode(plot, FigureFormat.Png, 600, 450));

    [Fact]
    public void Grid_Axes_Follow_Row_Major_Order_With_First_Axis_Horizontal()
    {
        // Values in row-major order, first axis slowest: (x0,y0), (x0,y1), (x1,y0), (x1,y1).
        var data = new GridHeatmapData([[0, 1, 2], [0, 1, 2]], [0, 1.0 / 3, 2.0 / 3, 1]);
        using Plot plot = ArchiveFigures.Grid(data);
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.5, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.5, 1.5, FigureAssert.Viridis(1.0 / 3));
        FigureAssert.ColorAt(bitmap, plot, 1.5, 0.5, FigureAssert.Viridis(2.0 / 3));
        FigureAssert.ColorAt(bitmap, plot, 1.5, 1.5, FigureAssert.Viridis(1));
    }

    [Fact]
    public void Non_Uniform_Edges_Are_Drawn_At_Their_True_Positions()
    {
        // The first bin is a narrow 10% strip; a uniform drawing would split the axis at 0.5 instead.
        var data = new GridHeatmapData([[0, 0.1, 1], [0, 0.8, 1]], [0, double.NaN, 1, 0.5]);
        using Plot plot = ArchiveFigures.Grid(data);
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.05, 0.4, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.05, 0.9, FigureAssert.EmptyCell);
        FigureAssert.ColorAt(bitmap, plot, 0.3, 0.4, FigureAssert.Viridis(1));
        FigureAssert.ColorAt(bitmap, plot, 0.3, 0.9, FigureAssert.Viridis(0.5));
        FigureAssert.ColorAt(bitmap, plot, 0.9, 0.7, FigureAssert.Viridis(1));
    }

    [Fact]
    public void One_Dimensional_Grid_Is_A_Single_Row()
    {
        var data = new GridHeatmapData([[0, 1, 3]], [0, 1]);
        using Plot plot = ArchiveFigures.Grid(data);
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.1, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.9, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 2.5, 0.5, FigureAssert.Viridis(1));
    }

    [Fact]
    public void Extra_Axes_Are_Collapsed_By_Maximum()
    {
        // 2 x 1 x 3 cells: drawn cell x0 holds max(0, NaN, 0.25) and x1 holds max(NaN, 1, 0.5).
        var data = new GridHeatmapData([[0, 1, 2], [0, 1], [0, 1, 2, 3]], [0, double.NaN, 0.25, double.NaN, 1, 0.5]);
        using Plot plot = ArchiveFigures.Grid(data, new ColorScale { Min = 0, Max = 1 });
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.5, FigureAssert.Viridis(0.25));
        FigureAssert.ColorAt(bitmap, plot, 1.5, 0.5, FigureAssert.Viridis(1));
    }

    [Fact]
    public void Fixed_Colour_Range_Maps_Values_Into_It_And_Clamps_Outside()
    {
        var data = new GridHeatmapData([[0, 1, 2, 3], [0, 1]], [5, 20, -3]);
        using Plot plot = ArchiveFigures.Grid(data, new ColorScale { Min = 0, Max = 10 });
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.5, FigureAssert.Viridis(0.5));
        FigureAssert.ColorAt(bitmap, plot, 1.5, 0.5, FigureAssert.Viridis(1));
        FigureAssert.ColorAt(bitmap, plot, 2.5, 0.5, FigureAssert.Viridis(0));
    }

    [Fact]
    public void Cvt_Fills_Each_Voronoi_Cell_With_Its_Centroid_Colour()
    {
        // Left and right centroids split the square at x = 0.5 below the top centroid's cell, which is empty.
        var data = new CvtHeatmapData([[0.25, 0.3], [0.75, 0.3], [0.5, 0.95]], [0, 1, double.NaN])
        {
            XRange = new AxisRange(0, 1),
            YRange = new AxisRange(0, 1),
        };
        using Plot plot = ArchiveFigures.Cvt(data);
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.45, 0.2, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.1, 0.05, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.55, 0.2, FigureAssert.Viridis(1));
        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.9, FigureAssert.EmptyCell);
    }

    [Fact]
    public void Cvt_Uses_The_First_Two_Coordinates_Of_Higher_Dimensional_Centroids()
    {
        var data = new CvtHeatmapData([[0.25, 0.5, 9, 9], [0.75, 0.5, -9, -9]], [0, 1])
        {
            XRange = new AxisRange(0, 1),
            YRange = new AxisRange(0, 1),
        };
        using Plot plot = ArchiveFigures.Cvt(data);
        using SKBitmap bitmap = Render(plot);

        FigureAssert.ColorAt(bitmap, plot, 0.3, 0.5, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.7, 0.5, FigureAssert.Viridis(1));
    }
}

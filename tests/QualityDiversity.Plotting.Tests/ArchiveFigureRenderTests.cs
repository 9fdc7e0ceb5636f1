using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Every archive figure kind renders to a non-blank PNG of the requested size.</summary>
public class ArchiveFigureRenderTests
{
    private const int Width = 640;
    private const int Height = 480;

    [Fact]
    public void Grid_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid());
        string path = dir.File("grid.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 50);
    }

    [Fact]
    public void Empty_Grid_Renders_Only_The_Empty_Colour_In_The_Data_Area()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid(empty: true));
        string path = dir.File("empty.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        Assert.Equal(1, PngImage.DistinctColors(bitmap, plot.LastRender.DataRect));
        FigureAssert.ColorAt(bitmap, plot, 0, 0, FigureAssert.EmptyCell);
    }

    [Fact]
    public void One_Dimensional_Grid_Renders_Png()
    {
        using var dir = new TempDirectory();
        var data = new GridHeatmapData([SampleArchives.Linspace(0, 10, 11)], Enumerable.Range(0, 10).Select(i => i % 3 == 0 ? double.NaN : i).Select(v => (double)v).ToArray());
        using Plot plot = ArchiveFigures.Grid(data);
        string path = dir.File("grid1d.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 7);
    }

    [Fact]
    public void Three_Dimensional_Grid_Renders_Png()
    {
        using var dir = new TempDirectory();
        var random = new Random(3);
        double[] values = Enumerable.Range(0, 8 * 6 * 4).Select(_ => random.NextDouble()).ToArray();
        var data = new GridHeatmapData([SampleArchives.Linspace(0, 1, 9), SampleArchives.Linspace(0, 1, 7), SampleArchives.Linspace(0, 1, 5)], values);
        using Plot plot = ArchiveFigures.Grid(data);
        string path = dir.File("grid3d.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 20);
    }

    [Fact]
    public void Cvt_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Cvt(SampleArchives.Cvt());
        string path = dir.File("cvt.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 50);
    }

    [Fact]
    public void Scatter_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Scatter(SampleArchives.Scatter());
        string path = dir.File("scatter.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 50);
    }

    [Fact]
    public void Empty_Scatter_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Scatter(new ScatterData([], []));
        string path = dir.File("empty-scatter.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        FigureAssert.ValidPng(path, Width, Height).Dispose();
    }

    [Fact]
    public void Non_Uniform_Grid_Renders_Png()
    {
        using var dir = new TempDirectory();
        double[] edges = SampleArchives.Linspace(0, 1, 21).Select(e => e * e).ToArray();
        var data = new GridHeatmapData([edges, edges], Enumerable.Range(0, 400).Select(i => i % 7 == 0 ? double.NaN : i).Select(v => (double)v).ToArray());
        using Plot plot = ArchiveFigures.Grid(data);
        string path = dir.File("nonuniform.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 50);
    }

    [Fact]
    public void Categorical_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Categorical(SampleArchives.Categorical());
        string path = dir.File("categorical.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.DataAreaColorful(bitmap, plot, minColors: 6);
    }

    [Fact]
    public void Single_Axis_Categorical_Renders_Png()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Categorical(new CategoricalGridData(["a", "b", "c", "d"], null, [1, double.NaN, 3, 4]));
        string path = dir.File("categorical1d.png");
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);

        using var bitmap = FigureAssert.ValidPng(path, Width, Height);
        FigureAssert.ColorAt(bitmap, plot, 1.5, 0.2, FigureAssert.EmptyCell);
    }

    [Fact]
    public void Every_Colormap_Renders()
    {
        using var dir = new TempDirectory();
        foreach (ColormapName name in Enum.GetValues<ColormapName>())
        {
            using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid(8, 6), new ColorScale { Colormap = name });
            string path = dir.File($"{name}.png");
            FigureFile.Save(plot, path, FigureFormat.Png, 320, 240);
            using var bitmap = FigureAssert.ValidPng(path, 320, 240);
        }
    }
}

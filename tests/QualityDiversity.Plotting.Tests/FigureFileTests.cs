using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Saving: formats, sizes, directories and atomic replacement.</summary>
public class FigureFileTests
{
    [Fact]
    public void Metric_Curves_Render_Png()
    {
        using var dir = new TempDirectory();
        Multiplot figure = MetricFigures.Curves(SampleArchives.Metrics());
        string path = dir.File("metrics.png");
        FigureFile.Save(figure, path, FigureFormat.Png, 900, 700);

        using var bitmap = FigureAssert.ValidPng(path, 900, 700);
    }

    [Fact]
    public void Plot_Saves_Svg()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid());
        string path = dir.File("grid.svg");
        FigureFile.Save(plot, path, FigureFormat.Svg, 500, 400);

        string svg = FigureAssert.ValidSvg(path);
        Assert.Contains("width=\"500\"", svg);
        Assert.Contains("<image", svg);
    }

    [Fact]
    public void Multiplot_Saves_Svg_On_A_White_Background()
    {
        using var dir = new TempDirectory();

        // Three panels in a 2 x 2 grid leave one layout cell empty; it must not come out black.
        var data = new MetricCurvesData([1, 2, 3], [
            new MetricSeries("a", [1, 2, 3]), new MetricSeries("b", [1, 2, 3]),
            new MetricSeries("c", [1, 2, 3]), new MetricSeries("d", [1, 2, 3]), new MetricSeries("e", [1, 2, 3]),
        ]);
        string path = dir.File("metrics.svg");
        FigureFile.Save(MetricFigures.Curves(data), path, FigureFormat.Svg);

        string svg = FigureAssert.ValidSvg(path);
        string firstRect = svg[svg.IndexOf("<rect", StringComparison.Ordinal)..];
        Assert.StartsWith("<rect fill=\"white\"", firstRect);
    }

    [Fact]
    public void Multiplot_Png_Background_Is_Opaque_White_In_Empty_Layout_Cells()
    {
        var data = new MetricCurvesData([1, 2, 3], Enumerable.Range(0, 5).Select(i => new MetricSeries($"s{i}", [1, 2, 3])).ToArray());
        byte[] png = FigureFile.Encode(MetricFigures.Curves(data), FigureFormat.Png, 800, 600);

        using var bitmap = PngImage.Decode(png);
        Assert.Equal(SkiaSharp.SKColors.White, bitmap.GetPixel(700, 550));
    }

    [Fact]
    public void Save_Creates_Missing_Directories_And_Leaves_No_Temporary_Files()
    {
        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Scatter(SampleArchives.Scatter(50));
        string path = Path.Combine(dir.Path, "a", "b", "scatter.png");
        FigureFile.Save(plot, path, FigureFormat.Png, 300, 200);

        FigureAssert.ValidPng(path, 300, 200).Dispose();
        Assert.Equal(["scatter.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_Replaces_An_Existing_File()
    {
        using var dir = new TempDirectory();
        string path = dir.File("figure.png");
        File.WriteAllText(path, "old content");
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid());
        FigureFile.Save(plot, path, FigureFormat.Png, 320, 240);

        FigureAssert.ValidPng(path, 320, 240).Dispose();
    }

    [Fact]
    public void Format_Is_Explicit_Not_Taken_From_The_Extension()
    {
        using var dir = new TempDirectory();
        string path = dir.File("figure.png");
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid());
        FigureFile.Save(plot, path, FigureFormat.Svg);

        FigureAssert.ValidSvg(path);
    }

    [Theory]
    [InlineData("out/figure.png", FigureFormat.Png)]
    [InlineData("FIGURE.PNG", FigureFormat.Png)]
    [InlineData("figure.svg", FigureFormat.Svg)]
    public void Format_From_Path(string path, FigureFormat expected) =>
        Assert.Equal(expected, FigureFile.FormatFromPath(path));

    [Fact]
    public void Format_From_Path_Rejects_Other_Extensions()
    {
        var error = Assert.Throws<ArgumentException>(() => FigureFile.FormatFromPath("figure.jpg"));
        Assert.Equal("path", error.ParamName);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, -1)]
    public void Size_Must_Be_Positive(int width, int height)
    {
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid());
        Assert.Throws<ArgumentOutOfRangeException>(() => FigureFile.Encode(plot, FigureFormat.Png, width, height));
    }
}

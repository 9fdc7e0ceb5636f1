using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Large archives draw completely (their speed is a benchmark matter, not a unit test's).</summary>
public class LargeArchiveTests
{
    [Fact]
    public void Ten_Thousand_Cell_Cvt_Draws()
    {
        CvtHeatmapData data = SampleArchives.Cvt(10_000, seed: 4);
        using Plot plot = ArchiveFigures.Cvt(data);
        byte[] png = FigureFile.Encode(plot, FigureFormat.Png);

        Assert.True(PngImage.HasSignature(png));
        using var bitmap = PngImage.Decode(png);
        Assert.True(PngImage.DistinctColors(bitmap, plot.LastRender.DataRect) >= 50, "the data area is not filled with cells");
    }

    [Fact]
    public void Large_Non_Uniform_Grid_Draws()
    {
        // Squared spacing makes the edges non-uniform, so every one of the 10,000 cells is its own rectangle.
        double[] edges = SampleArchives.Linspace(0, 1, 101).Select(e => e * e).ToArray();
        var random = new Random(5);
        var data = new GridHeatmapData([edges, edges], Enumerable.Range(0, 100 * 100).Select(_ => random.NextDouble()).ToArray());
        using Plot plot = ArchiveFigures.Grid(data);
        byte[] png = FigureFile.Encode(plot, FigureFormat.Png);

        Assert.True(PngImage.HasSignature(png));
        using var bitmap = PngImage.Decode(png);
        Assert.True(PngImage.DistinctColors(bitmap, plot.LastRender.DataRect) >= 50, "the data area is not filled with cells");
    }
}

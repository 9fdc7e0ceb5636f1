using System.Diagnostics;
using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;

namespace QualityDiversity.Plotting.Tests;

/// <summary>Large archives draw quickly enough for routine use.</summary>
public class PerformanceTests
{
    [Fact]
    public void Ten_Thousand_Cell_Cvt_Draws_Within_A_Few_Seconds()
    {
        CvtHeatmapData data = SampleArchives.Cvt(10_000, seed: 4);
        var watch = Stopwatch.StartNew();
        using Plot plot = ArchiveFigures.Cvt(data);
        byte[] png = FigureFile.Encode(plot, FigureFormat.Png);
        watch.Stop();

        Assert.True(PngImage.HasSignature(png));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Large_Non_Uniform_Grid_Draws_Within_A_Few_Seconds()
    {
        // Squared spacing makes the edges non-uniform, so every one of the 10,000 cells is its own rectangle.
        double[] edges = SampleArchives.Linspace(0, 1, 101).Select(e => e * e).ToArray();
        var random = new Random(5);
        var data = new GridHeatmapData([edges, edges], Enumerable.Range(0, 100 * 100).Select(_ => random.NextDouble()).ToArray());
        var watch = Stopwatch.StartNew();
        using Plot plot = ArchiveFigures.Grid(data);
        byte[] png = FigureFile.Encode(plot, FigureFormat.Png);
        watch.Stop();

        Assert.True(PngImage.HasSignature(png));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed.TotalSeconds:F2} s");
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Plotting.Internal;
using QualityDiversity.Plotting.Tests.Support;
using QualityDiversity.Solutions;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace QualityDiversity.Plotting.Tests;

/// <summary>One call per archive kind, with the options: what each figure holds and where it draws it.</summary>
public sealed class ArchiveKindFigureTests
{
    private const int Width = 800, Height = 600;

    private static void Add<T>(IArchive<T> archive, T[] solutions, double[] objectives, double[] measures) =>
        archive.Add(new CandidateBatch<T>(new SolutionBatch<T>(solutions, archive.SolutionWidth), objectives, measures));

    private static SkiaSharp.SKBitmap Render(Plot plot, TempDirectory dir, string name)
    {
        string path = dir.File(name);
        FigureFile.Save(plot, path, FigureFormat.Png, Width, Height);
        return FigureAssert.ValidPng(path, Width, Height, minColors: 20);
    }

    [Fact]
    public void A_one_measure_grid_is_a_profile_with_real_bin_values_on_x_and_objectives_on_y()
    {
        var archive = new GridArchive<double>(1, [GridAxis.FromEdges([0, 0.1, 0.5, 0.9, 1.0])]);
        Add(archive, [0.0, 0.0], [2, 8], [0.3, 0.95]);

        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Grid(archive, new ArchiveFigureOptions { MeasureNames = ["sentiment: P(positive)"], ValueLabel = "quality" });
        using var bitmap = Render(plot, dir, "profile.png");

        Assert.Equal("sentiment: P(positive)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("quality", plot.Axes.Left.Label.Text);
        var limits = plot.Axes.GetLimits();
        Assert.Equal((0, 1), (limits.Left, limits.Right));

        // One bar per filled bin, across the bin's true edges at the elite's objective.
        var bars = plot.GetPlottables<ColoredPolylines>().Single();
        Assert.Equal([[new(0.1, 2), new(0.5, 2)], [new Coordinates(0.9, 8), new(1.0, 8)]], bars.Lines);
        var dots = plot.GetPlottables<ColoredDots>().Single();
        Assert.Equal([new Coordinates(0.3, 2), new(0.95, 8)], dots.Points);

        // The bars carry the colormap's ends; the strip below marks the empty first bin grey.
        FigureAssert.ColorAt(bitmap, plot, 0.2, 2, FigureAssert.Viridis(0));
        FigureAssert.ColorAt(bitmap, plot, 0.91, 8, FigureAssert.Viridis(1));
        double stripY = limits.Bottom + 0.2;
        FigureAssert.ColorAt(bitmap, plot, 0.05, stripY, FigureAssert.EmptyCell);
        FigureAssert.ColorAt(bitmap, plot, 0.3, stripY, FigureAssert.Viridis(0));
        Assert.Equal("grid archive: 2 of 4 cells filled (50%)", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void A_sliding_boundaries_archive_is_drawn_over_its_current_boundaries()
    {
        var archive = new SlidingBoundariesArchive<double>(1, [2, 2], [(0, 1), (0, 1)], remapFrequency: 4, bufferCapacity: 4);
        // Four candidates trigger a remap: the boundaries move to the quantiles of their measures.
        Add(archive, [0.0, 0.0, 0.0, 0.0], [1, 2, 3, 4], [10, 100, 20, 200, 30, 300, 40, 400]);
        double[] xs = archive.Boundaries(0).ToArray(), ys = archive.Boundaries(1).ToArray();
        Assert.Equal([10, 30, 40], xs);
        Assert.Equal([100, 300, 400], ys);

        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.SlidingBoundaries(archive, new ArchiveFigureOptions { Iteration = 1 });
        using var bitmap = Render(plot, dir, "sliding.png");

        var limits = plot.Axes.GetLimits();
        Assert.Equal((10, 40, 100, 400), (limits.Left, limits.Right, limits.Bottom, limits.Top));
        // Cell (1, 1), between the moved boundaries 30..40 and 300..400, holds the best elite (4).
        FigureAssert.ColorAt(bitmap, plot, 35, 350, FigureAssert.Viridis(1));
        // Cell (0, 1) stays empty.
        FigureAssert.ColorAt(bitmap, plot, 20, 350, FigureAssert.EmptyCell);
        // Borders are drawn along the current inner boundaries by default.
        var lines = plot.GetPlottables<LinePlot>().ToArray();
        Assert.Contains(lines, l => l.Start.X == 30 && l.End.X == 30);
        Assert.Contains(lines, l => l.Start.Y == 300 && l.End.Y == 300);
        Assert.Contains("iteration 1", plot.Axes.Title.Label.Text);
        Assert.Contains("current boundaries", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void An_archive_over_four_measures_is_drawn_on_parallel_axes_named_by_its_measures()
    {
        var archive = new GridArchive<double>(1, [3, 3, 3, 3], [(0, 3), (0, 3), (0, 3), (-1, 1)]);
        Add(archive, [0.0, 0.0, 0.0], [1, 2, 3], [0.5, 0.5, 0.5, 0, 1.5, 1.5, 1.5, 0.5, 2.5, 0.5, 2.5, -0.5]);

        using Plot plot = ArchiveFigures.Draw(archive, new ArchiveFigureOptions { MeasureNames = ["a (m)", "b (m)", "c (m)", "d (s)"] });
        FigureFile.Encode(plot, FigureFormat.Png, Width, Height);

        var lines = plot.GetPlottables<ColoredPolylines>().Single();
        Assert.Equal(3, lines.Count);
        // Best last, so it lies on top; each measure scaled into its axis' range: (2.5 - 0) / 3, (-0.5 + 1) / 2.
        Assert.Equal([new Coordinates(0, 2.5 / 3), new(1, 0.5 / 3), new(2, 2.5 / 3), new(3, 0.25)], lines.Lines[2]);
        var ticks = Assert.IsType<NumericManual>(plot.Axes.Bottom.TickGenerator);
        Assert.Equal(["a (m)", "b (m)", "c (m)", "d (s)"], ticks.Ticks.Select(t => t.Label));
        var texts = plot.GetPlottables<Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(["3", "0", "3", "0", "3", "0", "1", "-1"], texts);
        Assert.Equal("position in each measure's range", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Options_set_the_colormap_value_range_borders_and_title()
    {
        var archive = new GridArchive<double>(1, [4, 4], [(0, 4), (0, 4)]);
        Add(archive, [0.0, 0.0], [5, 10], [0.5, 0.5, 3.5, 3.5]);
        var options = new ArchiveFigureOptions
        {
            Colormap = ColormapName.Magma,
            Min = 0,
            Max = 20,
            ValueLabel = "fitness",
            CellBorders = false,
            Subject = "arm-qdhf",
            MeasureSpace = "ground-truth measures",
            Iteration = 1000,
        };

        using var dir = new TempDirectory();
        using Plot plot = ArchiveFigures.Grid(archive, options);
        using var bitmap = Render(plot, dir, "options.png");

        var magma = new ScottPlot.Colormaps.Magma();
        FigureAssert.ColorAt(bitmap, plot, 0.5, 0.5, magma.GetColor(0.25).ToSKColor());
        FigureAssert.ColorAt(bitmap, plot, 3.5, 3.5, magma.GetColor(0.5).ToSKColor());
        Assert.Empty(plot.GetPlottables<LinePlot>());
        var bar = plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single();
        Assert.Equal("fitness", bar.Label);
        Assert.Equal(new ScottPlot.Range(0, 20), bar.Source.GetRange());
        Assert.Equal("arm-qdhf: 2 of 16 cells filled (12.5%),\nground-truth measures, iteration 1,000", plot.Axes.Title.Label.Text);

        using Plot outlined = ArchiveFigures.Grid(archive, options with { CellBorders = true, Title = "my title" });
        Assert.Equal(6, outlined.GetPlottables<LinePlot>().Count()); // 3 inner edges per axis
        Assert.Equal("my title", outlined.Axes.Title.Label.Text);
    }

    [Fact]
    public void Options_that_do_not_fit_the_archive_are_refused_by_name()
    {
        var archive = new GridArchive<double>(1, [4, 4], [(0, 4), (0, 4)]);
        var names = Assert.Throws<ArgumentException>(() => ArchiveFigures.Draw(archive, new ArchiveFigureOptions { MeasureNames = ["x"] }));
        Assert.Equal("MeasureNames", names.ParamName);
        Assert.Contains("1 names but the archive has 2 measures", names.Message);
        var range = Assert.Throws<ArgumentException>(() => ArchiveFigures.Draw(archive, new ArchiveFigureOptions { Min = 3, Max = 1 }));
        Assert.Equal("Min", range.ParamName);
        var raster = Assert.Throws<ArgumentException>(() => ArchiveFigures.Draw(archive, new ArchiveFigureOptions { RasterSize = 4 }));
        Assert.Equal("RasterSize", raster.ParamName);
        Assert.Throws<ArgumentException>(() => ArchiveFigures.Profile(archive));
    }

    [Fact]
    public void A_proximity_archive_is_a_scatter_of_its_elites_with_the_measure_names()
    {
        var archive = new ProximityArchive<double>(1, 2, noveltyThreshold: 0.5);
        Add(archive, [0.0, 0.0, 0.0], [1, 2, 3], [0, 0, 1, 1, 2, 0]);

        using Plot plot = ArchiveFigures.Proximity(archive, new ArchiveFigureOptions { MeasureNames = ["x (m)", "y (m)"] });

        Assert.Equal(3, plot.GetPlottables<Markers>().Sum(m => m.Data.GetScatterPoints().Count));
        Assert.Equal("x (m)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("y (m)", plot.Axes.Left.Label.Text);
        Assert.Equal("proximity archive: 3 elites", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void A_one_measure_cvt_archive_has_bins_between_the_midpoints_of_its_centroids()
    {
        var archive = new CvtArchive<double>(1, [0.2, 0.8, 0.5], measureDim: 1);
        Add(archive, [0.0], [4], [0.75]);

        using Plot plot = ArchiveFigures.Cvt(archive);

        var bar = plot.GetPlottables<ColoredPolylines>().Single().Lines.Single();
        Assert.Equal(0.65, bar[0].X, 12);
        Assert.Equal(0.95, bar[1].X, 12); // as far beyond the last centroid as its cell reaches inwards
        Assert.Equal(4, bar[0].Y);
    }

    [Fact]
    public void Elites_of_a_filtered_table_are_drawn_by_their_measures()
    {
        var archive = new GridArchive<double>(1, [4, 4, 4], [(0, 4), (0, 4), (0, 4)]);
        Add(archive, [0.0, 0.0, 0.0], [1, 2, 3], [0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 2.5, 2.5, 2.5]);

        using Plot plot = ArchiveFigures.Elites(archive.ToData(), new ArchiveFigureOptions { Subject = "best elites" }, [(0, 4), (0, 4), (0, 4)]);

        Assert.Equal(3, plot.GetPlottables<ColoredDots>().Single().Count);
        Assert.Equal("best elites: 3 elites", plot.Axes.Title.Label.Text);
    }
}

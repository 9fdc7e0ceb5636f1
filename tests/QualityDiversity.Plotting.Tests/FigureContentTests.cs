using QualityDiversity.Plotting.Tests.Support;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace QualityDiversity.Plotting.Tests;

/// <summary>What the figure builders put into the plots: labels, ticks, texts, markers, panels.</summary>
public class FigureContentTests
{
    [Fact]
    public void Categorical_Ticks_Carry_Category_Names()
    {
        using Plot plot = ArchiveFigures.Categorical(SampleArchives.Categorical());
        FigureFile.Encode(plot, FigureFormat.Png, 400, 300); // manual tick generators fill their tick list when rendered

        var bottom = Assert.IsType<NumericManual>(plot.Axes.Bottom.TickGenerator);
        Assert.Equal(["walk", "trot", "gallop"], bottom.Ticks.Select(t => t.Label));
        Assert.Equal([0.5, 1.5, 2.5], bottom.Ticks.Select(t => t.Position));
        var left = Assert.IsType<NumericManual>(plot.Axes.Left.TickGenerator);
        Assert.Equal(["flat", "hill"], left.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void Categorical_Writes_Each_Filled_Value_In_Its_Cell()
    {
        using Plot plot = ArchiveFigures.Categorical(SampleArchives.Categorical());

        Text[] texts = plot.GetPlottables<Text>().ToArray();
        Assert.Equal(["1.5", "2.25", "4", "5.125", "6"], texts.Select(t => t.LabelText));

        // (x = trot, y = hill) is the 4th value: index 1 * 2 + 1.
        Text hillTrot = texts.Single(t => t.LabelText == "4");
        Assert.Equal(new Coordinates(1.5, 1.5), hillTrot.Location);
    }

    [Fact]
    public void Categorical_Uses_The_Value_Format()
    {
        var data = SampleArchives.Categorical() with { ValueFormat = "F3" };
        using Plot plot = ArchiveFigures.Categorical(data);

        Assert.Equal(["1.500", "2.250", "4.000", "5.125", "6.000"], plot.GetPlottables<Text>().Select(t => t.LabelText));
    }

    [Fact]
    public void Scatter_Draws_Every_Point_Including_Empty_Ones()
    {
        var data = SampleArchives.Scatter(300);
        data.Values[7] = double.NaN;
        using Plot plot = ArchiveFigures.Scatter(data);

        Assert.Equal(300, plot.GetPlottables<Markers>().Sum(m => m.Data.GetScatterPoints().Count));
    }

    [Fact]
    public void Axis_Labels_And_Title_Come_From_The_Data()
    {
        using Plot plot = ArchiveFigures.Grid(SampleArchives.Grid() with { AxisLabels = ["speed", "height"], Title = "my archive" });

        Assert.Equal("speed", plot.Axes.Bottom.Label.Text);
        Assert.Equal("height", plot.Axes.Left.Label.Text);
        Assert.Equal("my archive", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Default_Axis_Labels_Name_The_Measures()
    {
        using Plot plot = ArchiveFigures.Cvt(SampleArchives.Cvt(20));

        Assert.Equal("measure 1", plot.Axes.Bottom.Label.Text);
        Assert.Equal("measure 2", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Colorbar_Is_Labelled_By_The_Colour_Scale()
    {
        using Plot defaultLabel = ArchiveFigures.Scatter(SampleArchives.Scatter(20));
        using Plot customLabel = ArchiveFigures.Scatter(SampleArchives.Scatter(20), new ColorScale { Label = "fitness" });

        Assert.Equal("objective", Assert.Single(defaultLabel.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()).Label);
        Assert.Equal("fitness", Assert.Single(customLabel.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()).Label);
    }

    [Fact]
    public void Colorbar_Range_Follows_Data_Or_Fixed_Bounds()
    {
        var data = new GridHeatmapData([[0, 1, 2], [0, 1]], [2, 6]);
        using Plot fromData = ArchiveFigures.Grid(data);
        using Plot fixedRange = ArchiveFigures.Grid(data, new ColorScale { Min = -1, Max = 10 });

        var dataRange = Assert.Single(fromData.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()).Source.GetRange();
        Assert.Equal((2.0, 6.0), (dataRange.Min, dataRange.Max));
        var fixedBounds = Assert.Single(fixedRange.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()).Source.GetRange();
        Assert.Equal((-1.0, 10.0), (fixedBounds.Min, fixedBounds.Max));
    }

    [Fact]
    public void Standard_Metrics_Make_Four_Panels()
    {
        Multiplot figure = MetricFigures.Curves(SampleArchives.Metrics());

        Plot[] panels = figure.GetPlots();
        Assert.Equal(
            [MetricCurvesData.QdScorePanel, MetricCurvesData.NormalizedQdScorePanel, MetricCurvesData.CoveragePanel, MetricCurvesData.ObjectivePanel],
            panels.Select(p => p.Axes.Title.Label.Text));
        Assert.Equal(2, panels[3].GetPlottables<Scatter>().Count());
        Assert.All(panels, p => Assert.Equal("evaluations", p.Axes.Bottom.Label.Text));
    }

    [Fact]
    public void Standard_Metrics_Draw_Coverage_In_Percent_And_Skip_Missing_Metrics()
    {
        MetricCurvesData data = MetricCurvesData.Standard([1, 2], coverageFraction: [0.25, 0.5]);
        Multiplot figure = MetricFigures.Curves(data);

        Plot panel = Assert.Single(figure.GetPlots());
        var points = Assert.Single(panel.GetPlottables<Scatter>()).Data.GetScatterPoints();
        Assert.Equal([25.0, 50.0], points.Select(p => p.Y));
    }

    [Fact]
    public void Metric_Curves_Skip_Non_Finite_Values()
    {
        var data = new MetricCurvesData([1, 2, 3], [new MetricSeries("max objective", [double.NaN, 2, 3])]);
        Multiplot figure = MetricFigures.Curves(data);

        var points = Assert.Single(figure.GetPlot(0).GetPlottables<Scatter>()).Data.GetScatterPoints();
        Assert.Equal([2.0, 3.0], points.Select(p => p.X));
    }

    [Fact]
    public void Series_Sharing_A_Panel_Are_Overlaid()
    {
        var data = new MetricCurvesData([1, 2], [
            new MetricSeries("run A", [1, 2]) { Panel = "QD score" },
            new MetricSeries("run B", [2, 3]) { Panel = "QD score" },
            new MetricSeries("coverage", [0.1, 0.2]),
        ]);
        Multiplot figure = MetricFigures.Curves(data);

        Assert.Equal(2, figure.GetPlots().Length);
        Assert.Equal(2, figure.GetPlot(0).GetPlottables<Scatter>().Count());
    }
}

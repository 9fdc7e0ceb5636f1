using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Export;

namespace QualityDiversity.Experiments.Tests;

public sealed class FigureLabelTests
{
    private static readonly ArchiveCsvTable<double> Empty = new(2, 10, false, []);

    [Fact]
    public void A_run_heatmap_names_the_tasks_measures_and_says_when_it_shows_ground_truth()
    {
        var qdhf = ExperimentConfig.Default;
        using (var plot = ArchiveFigureFactory.Create(qdhf, Empty))
        {
            Assert.Equal("end-effector x (link lengths)", plot.Axes.Bottom.Label.Text);
            Assert.Equal("end-effector y (link lengths)", plot.Axes.Left.Label.Text);
            Assert.Equal("arm-qdhf: 0 of 2,500 cells filled (0%), ground-truth measures", plot.Axes.Title.Label.Text);
        }
        using (var plot = ArchiveFigureFactory.Create(qdhf with { Measures = null }, Empty))
            Assert.Equal("arm-qdhf: 0 of 2,500 cells filled (0%)", plot.Axes.Title.Label.Text);
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;

namespace QualityDiversity.Core.Tests.Archives;

public class ArchiveStatisticsTests
{
    [Fact]
    public void Empty_archive_has_zero_scores_and_nan_objectives()
    {
        var stats = new GridArchive<double>(1, [10], [(0, 1)]).Statistics;
        Assert.Equal(0, stats.Elites);
        Assert.Equal(0, stats.Coverage);
        Assert.Equal(0, stats.QdScore);
        Assert.True(double.IsNaN(stats.MaxObjective));
        Assert.Equal(-1, stats.BestSlot);
    }

    [Fact]
    public void Scores_use_the_offset_and_cell_count()
    {
        var archive = new GridArchive<double>(1, [10], [(0, 10)], new ArchiveOptions<double> { QdScoreOffset = -100 });
        archive.Add(Batches.Indexed([-20.0, 10.0, 30.0], [0.5], [4.5], [9.5]));

        var stats = archive.Statistics;
        Assert.Equal(3, stats.Elites);
        Assert.Equal(10, stats.Cells);
        Assert.Equal(0.3, stats.Coverage, 12);
        Assert.Equal(80 + 110 + 130, stats.QdScore, 9);
        Assert.Equal(32.0, stats.NormalizedQdScore, 9);
        Assert.Equal(30.0, stats.MaxObjective);
        Assert.Equal(20.0 / 3, stats.MeanObjective, 12);
        Assert.Equal(9, stats.BestSlot);
    }

    [Fact]
    public void Statistics_follow_later_adds()
    {
        var archive = new GridArchive<double>(1, [2], [(0, 2)]);
        archive.Add(Batches.Indexed([1.0], [0.5]));
        Assert.Equal(1.0, archive.Statistics.QdScore);
        archive.Add(Batches.Indexed([2.0, 3.0], [0.5], [1.5]));
        Assert.Equal(5.0, archive.Statistics.QdScore);
        archive.Clear();
        Assert.Equal(0, archive.Statistics.Elites);
    }
}

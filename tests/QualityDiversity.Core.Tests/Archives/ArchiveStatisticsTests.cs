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

    [Fact]
    public void Statistics_follow_soft_thresholds_that_let_worse_elites_in()
    {
        // CMA-MAE thresholds replace an elite with any candidate above the cell's threshold, which
        // can be below the elite, so the best elite can get worse.
        var archive = new GridArchive<double>(1, [20], [(0, 1)], new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 });
        var random = new System.Random(3);
        int worsenedBest = 0;
        for (int step = 0; step < 300; step++)
        {
            int before = archive.Statistics.BestSlot;
            double beforeMax = archive.Statistics.MaxObjective;
            var objectives = Enumerable.Range(0, 8).Select(_ => random.NextDouble() * 100).ToArray();
            var measures = Enumerable.Range(0, 8).Select(_ => new[] { random.NextDouble() }).ToArray();
            archive.Add(Batches.Indexed(objectives, measures));
            if (before >= 0 && archive.Store.IsOccupied(before) && archive.Store.Objective(before) < beforeMax) worsenedBest++;

            var slots = archive.Store.OccupiedSlots.ToArray();
            var values = slots.Select(archive.Store.Objective).ToArray();
            double max = values.Max();
            int best = slots.Where(s => archive.Store.Objective(s) == max).Min();
            var stats = archive.Statistics;
            Assert.Equal(slots.Length, stats.Elites);
            Assert.Equal(max, stats.MaxObjective);
            Assert.Equal(best, stats.BestSlot);
            Assert.Equal((double)values.Select(v => (decimal)v).Sum(), stats.QdScore, 1e-9);
        }
        Assert.True(worsenedBest > 0, "the run never worsened its best elite");
    }
}

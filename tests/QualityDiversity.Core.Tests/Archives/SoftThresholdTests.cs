using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;

namespace QualityDiversity.Core.Tests.Archives;

public class SoftThresholdTests
{
    private static GridArchive<double> Grid(double learningRate, double thresholdMin, EliteReplacement? replacement = null) =>
        new(1, [4], [(0, 4)], new ArchiveOptions<double> { LearningRate = learningRate, ThresholdMin = thresholdMin, EliteReplacement = replacement });

    [Fact]
    public void Single_candidate_moves_threshold_by_the_learning_rate()
    {
        var archive = Grid(0.1, 0.0);
        var result = archive.Add(Batches.Indexed([10.0], [0.5]));

        Assert.Equal(AddStatus.New, result.Status[0]);
        Assert.Equal(10.0, result.Value[0], 12);          // relative to threshold_min = 0
        Assert.Equal(1.0, archive.Store.Threshold(0), 12); // 0.9 * 0 + 0.1 * 10
    }

    [Fact]
    public void Batch_rule_uses_k_clearing_candidates_and_their_mean()
    {
        double alpha = 0.5, tmin = 1.0;
        var archive = Grid(alpha, tmin);
        // Cell 0: candidates 3, 5, 0.5 (0.5 does not clear 1.0), so k = 2, mean = 4.
        var result = archive.Add(Batches.Indexed([3.0, 5.0, 0.5], [0.1], [0.2], [0.3]));

        Assert.Equal([AddStatus.New, AddStatus.New, AddStatus.NotAdded], result.Status);
        Assert.Equal([2.0, 4.0, -0.5], result.Value);
        double ratio = Math.Pow(1 - alpha, 2);
        double expected = ratio * tmin + (1 - ratio) * 4.0;
        Assert.Equal(expected, archive.Store.Threshold(0), 12);
        Assert.Equal(5.0, archive.Store.Objective(0));

        // Second batch: values are relative to the new threshold; the elite only changes for a better objective.
        var second = archive.Add(Batches.Indexed([4.0, 6.0], [0.4], [0.6]));
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.ImprovedExisting], second.Status);
        Assert.Equal(4.0 - expected, second.Value[0], 12);
        double ratio2 = Math.Pow(1 - alpha, 2);
        Assert.Equal(ratio2 * expected + (1 - ratio2) * 5.0, archive.Store.Threshold(0), 12);
        Assert.Equal(6.0, archive.Store.Objective(0));
        Assert.Equal(1.0, archive.Store.Solution(0)[0]);
    }

    [Fact]
    public void Below_learning_rate_one_a_candidate_that_clears_the_threshold_replaces_a_better_elite()
    {
        var archive = Grid(0.01, 0.0);
        Assert.Equal(EliteReplacement.ClearsThreshold, archive.EliteReplacement);
        archive.Add(Batches.Indexed([50.0], [0.5]));            // threshold 0.5, elite 50
        var result = archive.Add(Batches.Indexed([10.0, 12.0, 0.2], [0.5], [0.6], [0.7]));

        // 10 and 12 clear 0.5 (k = 2, mean 11); the best of them, 12, takes the cell from 50.
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.ImprovedExisting, AddStatus.NotAdded], result.Status);
        double threshold = (1 - 0.99) * 50.0; // as the archive computes it
        Assert.Equal([10.0 - threshold, 12.0 - threshold, 0.2 - threshold], result.Value);
        Assert.Equal(12.0, archive.Store.Objective(0));
        Assert.Equal(1.0, archive.Store.Solution(0)[0]);
        Assert.Equal(0.99 * 0.99 * threshold + (1 - 0.99 * 0.99) * 11.0, archive.Store.Threshold(0), 12);
        Assert.Equal(12.0, archive.Statistics.QdScore);
    }

    [Fact]
    public void Learning_rate_one_keeps_the_better_objective_rule_by_default()
    {
        Assert.Equal(EliteReplacement.BetterObjective, Grid(1.0, 0.0).EliteReplacement);
        Assert.Equal(EliteReplacement.BetterObjective, Grid(1.0, double.NegativeInfinity).EliteReplacement);
        Assert.Equal(EliteReplacement.ClearsThreshold, Grid(1.0, 0.0, EliteReplacement.ClearsThreshold).EliteReplacement);
    }

    [Fact]
    public void Candidate_that_clears_the_threshold_but_not_the_elite_keeps_the_elite_under_the_better_objective_rule()
    {
        var archive = Grid(0.01, 0.0, EliteReplacement.BetterObjective);
        archive.Add(Batches.Indexed([50.0], [0.5]));            // threshold 0.5, elite 50
        var result = archive.Add(Batches.Indexed([10.0], [0.5]));

        Assert.Equal(AddStatus.ImprovedExisting, result.Status[0]);
        Assert.Equal(9.5, result.Value[0], 12);
        Assert.Equal(50.0, archive.Store.Objective(0));
        Assert.Equal(0.99 * 0.5 + 0.01 * 10.0, archive.Store.Threshold(0), 12);
    }

    [Fact]
    public void Learning_rate_one_with_minus_infinity_is_plain_map_elites()
    {
        var archive = Grid(1.0, double.NegativeInfinity);
        archive.Add(Batches.Indexed([-7.0, -3.0], [0.1], [0.2]));
        Assert.Equal(-3.0, archive.Store.Threshold(0));
        Assert.Equal(-3.0, archive.Store.Objective(0));
    }

    [Fact]
    public void Threshold_never_exceeds_the_elite_objective()
    {
        var archive = Grid(0.3, -5.0);
        var random = new global::QualityDiversity.Randomness.RandomSource(11);
        for (int round = 0; round < 200; round++)
        {
            var objectives = Enumerable.Range(0, 8).Select(_ => random.NextDouble(-10, 10)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(0, 4) }).ToArray();
            archive.Add(Batches.Indexed(objectives, measures));
            foreach (int slot in archive.Store.OccupiedSlots)
                Assert.True(archive.Store.Threshold(slot) <= archive.Store.Objective(slot) + 1e-12);
        }
    }
}

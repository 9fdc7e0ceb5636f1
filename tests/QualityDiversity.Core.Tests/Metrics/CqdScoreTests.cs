using QualityDiversity.Archives;
using QualityDiversity.Metrics;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Metrics;

public sealed class CqdScoreTests
{
    // Two elites: objective 1 at (0, 0) and 0.5 at (1, 0).
    private static ArchiveData<double> Elites()
    {
        var archive = new GridArchive<double>(1, [4, 4], [(0, 2), (0, 2)]);
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(new[] { 0.0, 0.0 }, 1), new double[] { 1, 0.5 }, new double[] { 0, 0, 1, 0 }));
        return archive.ToData();
    }

    [Fact]
    public void The_score_sums_the_best_tradeoff_per_target_and_penalty_and_averages_the_iterations()
    {
        double[][][] targets = [[[0, 0], [1, 0]], [[0, 2], [2, 2]]];

        var result = CqdScore.Compute(Elites(), targets, [0, 1], objectiveMin: 0, objectiveMax: 2, distanceMax: 2);

        // Normalised objectives 0.5 and 0.25; distances over 2.
        // Iteration 0: θ = 0 gives 0.5 at both targets; θ = 1 gives 0.5 at (0, 0) and max(0.5 - 0.5, 0.25 - 0) = 0.25 at (1, 0).
        // Iteration 1: θ = 0 gives 0.5 twice; θ = 1 gives max(0.5 - 1, 0.25 - √5/2) = -0.5 and max(0.5 - √2, 0.25 - √5/2) = 0.25 - √5/2.
        double second = 0.5 + 0.5 - 0.5 + (0.25 - Math.Sqrt(5) / 2);
        Assert.Equal(1.75, result.Scores[0], 12);
        Assert.Equal(second, result.Scores[1], 12);
        Assert.Equal((1.75 + second) / 2, result.Mean, 12);
        Assert.Equal(2, result.Iterations);
    }

    [Fact]
    public void Objectives_are_divided_by_the_range_without_subtracting_the_minimum_as_pyribs_does()
    {
        var result = CqdScore.Compute(Elites(), [[[0, 0]]], [0], objectiveMin: -2, objectiveMax: 2, distanceMax: 2);
        Assert.Equal(1.0 / 4, result.Mean, 12);
    }

    [Fact]
    public void Other_norms_measure_distance_in_their_order()
    {
        // Target (1, 1): Manhattan distance 2 from (0, 0) and 1 from (1, 0); with θ = 1 and d_max 2: max(0.5 - 1, 0.25 - 0.5).
        Assert.Equal(-0.25, CqdScore.Compute(Elites(), [[[1, 1]]], [1], 0, 2, 2, distanceOrder: 1).Mean, 12);
        // Largest difference: 1 from both; max(0.5 - 0.5, 0.25 - 0.5).
        Assert.Equal(0, CqdScore.Compute(Elites(), [[[1, 1]]], [1], 0, 2, 2, double.PositiveInfinity).Mean, 12);
        Assert.Equal(5, CqdScore.Diagonal([(0, 3), (0, 4)]), 12);
    }

    [Fact]
    public void Penalties_and_targets_are_built_as_asked()
    {
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], CqdScore.EvenPenalties(5));
        Assert.Equal([0.0], CqdScore.EvenPenalties(1));
        var targets = CqdScore.UniformTargets(3, 100, [(0, 1), (-5, 5)], seed: 9);
        Assert.Equal(3, targets.Length);
        Assert.All(targets, set => Assert.Equal(100, set.Length));
        Assert.True(targets.SelectMany(s => s).All(p => p[0] >= 0 && p[0] < 1 && p[1] >= -5 && p[1] < 5));
        Assert.Equal(targets[2][99], CqdScore.UniformTargets(3, 100, [(0, 1), (-5, 5)], seed: 9)[2][99]);
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        var empty = new GridArchive<double>(1, [2, 2], [(0, 1), (0, 1)]).ToData();
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => CqdScore.Compute(empty, [[[0, 0]]], [0], 0, 1, 1)).Message);
        var wrongDim = Assert.Throws<ArgumentException>(() => CqdScore.Compute(Elites(), [[[0, 0, 0]]], [0], 0, 1, 1));
        Assert.Equal("targetPoints", wrongDim.ParamName);
        Assert.Contains("targetPoints[0][0] has 3 coordinates", wrongDim.Message);
        var ragged = Assert.Throws<ArgumentException>(() => CqdScore.Compute(Elites(), [[[0, 0]], [[0, 0], [1, 1]]], [0], 0, 1, 1));
        Assert.Contains("targetPoints[1] has 2 points", ragged.Message);
        Assert.Equal("objectiveMax", Assert.Throws<ArgumentException>(() => CqdScore.Compute(Elites(), [[[0, 0]]], [0], 1, 1, 1)).ParamName);
        Assert.Equal("distanceMax", Assert.Throws<ArgumentOutOfRangeException>(() => CqdScore.Compute(Elites(), [[[0, 0]]], [0], 0, 1, 0)).ParamName);
        Assert.Equal("penalties", Assert.Throws<ArgumentException>(() => CqdScore.Compute(Elites(), [[[0, 0]]], [], 0, 1, 1)).ParamName);
    }
}

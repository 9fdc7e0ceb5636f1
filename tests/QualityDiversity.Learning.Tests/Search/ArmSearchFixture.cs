using QualityDiversity.Archives;
using QualityDiversity.Domains;
using QualityDiversity.Emitters;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Search;
using QualityDiversity.Solutions;

namespace QualityDiversity.Learning.Tests.Search;

/// <summary>The QDHF arm protocol at a small scale, for tests of the learned-measure loop.</summary>
internal static class ArmSearchFixture
{
    public static RoboticArmTask Task { get; } = new(10);

    public static LearnedMeasureSearchSettings<double> Settings(IMeasureSpaceLearner<double> space, MeasureUpdateSchedule schedule, int iterations, long seed = 0) => new()
    {
        Evaluator = Task,
        MeasureSpace = space,
        Schedule = schedule,
        CreateArchive = bounds => new GridArchive<double>(Task.SolutionDim, [50, 50], bounds, new ArchiveOptions<double> { FeatureDim = Task.FeatureDim }),
        GroundTruthBounds = Task.MeasureRanges,
        CreateEmitter = (archive, random) => new GaussianEmitter(archive, [0.1], 100, random),
        SampleSolutions = (count, random) =>
        {
            var data = new double[count * Task.SolutionDim];
            random.FillUniform(data, -Math.PI, Math.PI);
            return new SolutionBatch<double>(data, Task.SolutionDim);
        },
        ToItem = (solution, features) => new JudgedItem(features.ToArray(), solution.ToArray()),
        InitialPopulation = 100,
        Iterations = iterations,
        Seed = seed,
    };

    public static GroundTruthScorer<double> Scorer(int scoreEvery, int iterations) =>
        new(Task, () => new GridArchive<double>(Task.SolutionDim, [50, 50], Task.MeasureRanges), scoreEvery, iterations);

    /// <summary>Ground-truth end-effector position from the arm's features (cos and sin of cumulative angles).</summary>
    public static void EndEffector(ReadOnlySpan<double> features, Span<double> measures)
    {
        int n = Task.SolutionDim, rows = features.Length / (2 * n);
        for (int r = 0; r < rows; r++)
        {
            var row = features.Slice(r * 2 * n, 2 * n);
            double x = 0, y = 0;
            for (int j = 0; j < n; j++) { x += row[j]; y += row[n + j]; }
            measures[2 * r] = x;
            measures[2 * r + 1] = y;
        }
    }
}

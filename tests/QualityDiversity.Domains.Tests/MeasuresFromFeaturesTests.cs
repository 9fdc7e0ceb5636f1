using QualityDiversity.Domains;
using QualityDiversity.Domains.Maze;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;

namespace QualityDiversity.Domains.Tests;

public class MeasuresFromFeaturesTests
{
    public static TheoryData<string> Tasks() => new() { "arm", "maze" };

    private static BenchmarkTask Create(string id) => id == "arm" ? new RoboticArmTask(10) : new MazeTask();

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Measures_from_features_equal_evaluation_bit_for_bit(string id)
    {
        var task = Create(id);
        var fromFeatures = Assert.IsAssignableFrom<IMeasuresFromFeatures>(task);
        var random = new RandomSource(17);
        var solution = new double[task.SolutionDim];
        var measures = new double[task.MeasureDim];
        var features = new double[task.FeatureDim];
        var derived = new double[task.MeasureDim];
        for (int i = 0; i < 200; i++)
        {
            random.FillUniform(solution, -2, 2);
            task.EvaluateOne(solution, measures, features);
            fromFeatures.MeasuresFromFeatures(features, derived);
            Assert.Equal(measures, derived);
        }
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void A_features_row_of_the_wrong_length_is_rejected(string id)
    {
        var task = (IMeasuresFromFeatures)Create(id);
        var error = Assert.Throws<ArgumentException>(() => task.MeasuresFromFeatures(new double[3], new double[2]));
        Assert.Contains("length 3", error.Message);
    }
}

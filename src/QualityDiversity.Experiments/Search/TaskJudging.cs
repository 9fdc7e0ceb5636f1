using QualityDiversity.Domains;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Randomness;

namespace QualityDiversity.Experiments.Search;

/// <summary>How the built-in tasks' candidates are shown to judges and judged by a simulated person.</summary>
internal static class TaskJudging
{
    /// <summary>The item a judge is shown for a real-vector candidate: its features and solution.</summary>
    public static JudgedItem Item(ReadOnlySpan<double> solution, ReadOnlySpan<double> features) =>
        new(features.ToArray(), solution.ToArray());

    /// <summary>
    /// The simulated person of QDHF's protocol: compares the task's ground-truth measures,
    /// computed by evaluating each shown solution, flipping answers with probability
    /// <paramref name="labelNoise"/>.
    /// </summary>
    public static SimulatedJudge SimulatedJudge(IBenchmarkTask task, double labelNoise, RandomSource random)
    {
        var features = new double[task.FeatureDim];
        void GroundTruth(JudgedItem item, Span<double> measures) =>
            task.EvaluateOne(item.Solution ?? throw new ArgumentException("A simulated judge needs each item's solution."), measures, features);
        return new SimulatedJudge(GroundTruth, task.MeasureDim, labelNoise, random);
    }
}

using QualityDiversity.Evaluation;

namespace QualityDiversity.Core.Tests.Support;

/// <summary>
/// A small test problem: objective = -sum x^2, measures = the first two coordinates
/// (clipped into [-1, 1] by the archive's edge cells), features = the solution itself.
/// </summary>
internal sealed class SphereEvaluator(int dimension) : ParallelEvaluator<double>
{
    public override int MeasureDim => 2;

    public override int FeatureDim => dimension;

    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        double sum = 0;
        foreach (double x in solution) sum += x * x;
        measures[0] = solution[0];
        measures[1] = solution[1];
        solution.CopyTo(features);
        return -sum;
    }
}

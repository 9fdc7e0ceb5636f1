using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Support;

/// <summary>
/// The sphere problem of <see cref="SphereEvaluator"/> (4-D) with failures that depend only on the
/// solutions, so a resumed run meets the same ones: a candidate with <c>x2 &gt; 0.3</c> throws,
/// <c>x3 &lt; -0.35</c> gives a NaN objective, <c>x3 &gt; 0.35</c> an infinite second measure, and
/// a batch whose first row has <c>x2 &lt; -0.25</c> throws as a whole.
/// </summary>
internal sealed class FaultyEvaluator : IEvaluator<double>
{
    private readonly FunctionEvaluator<double> _inner = new(2, Evaluate, featureDim: 4);

    public int MeasureDim => 2;

    public int FeatureDim => 4;

    public static bool Throws(ReadOnlySpan<double> x) => x[2] > 0.3;

    public static bool Fails(ReadOnlySpan<double> x) => Throws(x) || Math.Abs(x[3]) > 0.35;

    public static bool FailsAsBatch(SolutionBatch<double> batch) => batch.Count > 0 && batch.Row(0)[2] < -0.25;

    public ValueTask EvaluateAsync(SolutionBatch<double> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
    {
        if (FailsAsBatch(solutions)) throw new IOException("the simulator crashed");
        return _inner.EvaluateAsync(solutions, results, cancellationToken);
    }

    private static double Evaluate(ReadOnlySpan<double> x, Span<double> measures, Span<double> features)
    {
        if (Throws(x)) throw new InvalidOperationException("unstable");
        double sum = 0;
        foreach (double v in x) sum += v * v;
        measures[0] = x[0];
        measures[1] = x[3] > 0.35 ? double.PositiveInfinity : x[1];
        x.CopyTo(features);
        return x[3] < -0.35 ? double.NaN : -sum;
    }
}

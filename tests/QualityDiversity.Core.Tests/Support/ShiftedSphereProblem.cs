using QualityDiversity.Evaluation.Gradients;

namespace QualityDiversity.Core.Tests.Support;

/// <summary>
/// A small differentiable problem: objective <c>-Σ (x_i - 0.5)²</c>, measures the sums of the
/// first and the second half of x, with their exact gradients.
/// </summary>
internal static class ShiftedSphereProblem
{
    public static FunctionGradientEvaluator Create() => new(2, Evaluate, EvaluateWithGradient);

    private static double Evaluate(ReadOnlySpan<double> x, Span<double> measures, Span<double> features)
    {
        int half = x.Length / 2;
        double sum = 0, a = 0, b = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - 0.5) * (x[i] - 0.5);
            if (i < half) a += x[i];
            else b += x[i];
        }
        measures[0] = a;
        measures[1] = b;
        return -sum;
    }

    private static double EvaluateWithGradient(ReadOnlySpan<double> x, Span<double> measures, Span<double> features, Span<double> jacobian)
    {
        int d = x.Length, half = d / 2;
        for (int i = 0; i < d; i++)
        {
            jacobian[i] = -2 * (x[i] - 0.5);
            jacobian[d + i] = i < half ? 1 : 0;
            jacobian[2 * d + i] = i < half ? 0 : 1;
        }
        return Evaluate(x, measures, features);
    }
}

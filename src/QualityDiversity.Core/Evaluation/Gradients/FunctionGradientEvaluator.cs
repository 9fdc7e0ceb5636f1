using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation.Gradients;

/// <summary>
/// A differentiable problem given as two user functions: the plain evaluation and the
/// evaluation with the Jacobian. The quickest way to run gradient algorithms on a hand-written
/// objective and measures.
/// </summary>
public sealed class FunctionGradientEvaluator : ParallelEvaluator<double>, IGradientEvaluator<double>
{
    private readonly FunctionEvaluator<double>.Evaluation _evaluate;
    private readonly GradientRowEvaluation _evaluateWithGradient;
    private readonly int _measureDim;
    private readonly int _featureDim;

    /// <summary>Wraps the two functions; they must agree on the objective, measures and features.</summary>
    /// <param name="measureDim">Measures per candidate (at least 1).</param>
    /// <param name="evaluate">Evaluation without gradients.</param>
    /// <param name="evaluateWithGradient">Evaluation with the Jacobian.</param>
    /// <param name="featureDim">Features per candidate.</param>
    public FunctionGradientEvaluator(int measureDim, FunctionEvaluator<double>.Evaluation evaluate, GradientRowEvaluation evaluateWithGradient, int featureDim = 0)
    {
        if (measureDim < 1) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "An evaluator must give at least one measure.");
        if (featureDim < 0) throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "The feature dimension cannot be negative.");
        _evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));
        _evaluateWithGradient = evaluateWithGradient ?? throw new ArgumentNullException(nameof(evaluateWithGradient));
        _measureDim = measureDim;
        _featureDim = featureDim;
    }

    /// <inheritdoc />
    public override int MeasureDim => _measureDim;

    /// <inheritdoc />
    public override int FeatureDim => _featureDim;

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) => _evaluate(solution, measures, features);

    /// <inheritdoc />
    public ValueTask EvaluateWithGradientsAsync(SolutionBatch<double> solutions, EvaluationResults results, GradientResults gradients, CancellationToken cancellationToken = default)
    {
        GradientRows.Evaluate(solutions, results, gradients, _measureDim, _featureDim, _evaluateWithGradient, MinParallelBatch, cancellationToken);
        return ValueTask.CompletedTask;
    }
}

using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Solutions;

namespace QualityDiversity.Domains;

/// <summary>
/// A benchmark task with analytic gradients of its objective and measures, for differentiable
/// quality diversity (CMA-MEGA, OMG-MEGA). Evaluation with gradients writes exactly the
/// objective, measures and features of plain evaluation, and adds the Jacobian.
/// </summary>
public abstract class DifferentiableBenchmarkTask : BenchmarkTask, IGradientEvaluator<double>
{
    private readonly GradientRowEvaluation _evaluateWithGradient;

    /// <summary>Initialises the task.</summary>
    protected DifferentiableBenchmarkTask() => _evaluateWithGradient = EvaluateWithGradient;

    /// <inheritdoc />
    public ValueTask EvaluateWithGradientsAsync(SolutionBatch<double> solutions, EvaluationResults results, GradientResults gradients, CancellationToken cancellationToken = default)
    {
        if (solutions.Width != SolutionDim && solutions.Count > 0)
            throw new ArgumentException($"Solutions have width {solutions.Width} but the task expects {SolutionDim}.", nameof(solutions));
        GradientRows.Evaluate(solutions, results, gradients, MeasureDim, FeatureDim, _evaluateWithGradient, MinParallelBatch, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Evaluates one solution with its Jacobian on the calling thread: the objective (returned),
    /// measures and features as <see cref="BenchmarkTask.EvaluateOne"/> gives them, and the
    /// <c>(1 + m) x d</c> Jacobian, objective gradient first, row-major.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public double EvaluateOneWithGradient(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features, Span<double> jacobian)
    {
        int length = (1 + MeasureDim) * SolutionDim;
        if (jacobian.Length != length)
            throw new ArgumentException($"Jacobian span has length {jacobian.Length} but the task writes {1 + MeasureDim} x {SolutionDim} = {length}.", nameof(jacobian));
        double objective = EvaluateOne(solution, measures, features);
        WriteJacobian(solution, features, jacobian);
        return objective;
    }

    /// <summary>
    /// Writes the Jacobian at <paramref name="solution"/>: row 0 the objective gradient, row
    /// <c>1 + j</c> the gradient of measure j. <paramref name="features"/> are those evaluation
    /// just wrote for this solution, so a task can reuse them.
    /// </summary>
    protected abstract void WriteJacobian(ReadOnlySpan<double> solution, ReadOnlySpan<double> features, Span<double> jacobian);

    private double EvaluateWithGradient(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features, Span<double> jacobian)
    {
        double objective = Evaluate(solution, measures, features);
        WriteJacobian(solution, features, jacobian);
        return objective;
    }
}

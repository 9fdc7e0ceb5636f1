using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation.Gradients;

/// <summary>
/// An evaluator of a differentiable quality-diversity problem (Fontaine and Nikolaidis 2021,
/// "Differentiable Quality Diversity"): besides the objective and measures it can give, per
/// candidate, the gradient of the objective and of every measure with respect to the solution.
/// Gradient algorithms (CMA-MEGA, OMG-MEGA) evaluate a few points with gradients and the rest
/// without, through the ordinary <see cref="IEvaluator{T}.EvaluateAsync"/>.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IGradientEvaluator<T> : IEvaluator<T>
{
    /// <summary>
    /// Evaluates every solution of <paramref name="solutions"/>, writing row <c>i</c> of
    /// <paramref name="results"/> exactly as <see cref="IEvaluator{T}.EvaluateAsync"/> would,
    /// and candidate <c>i</c>'s Jacobian into <paramref name="gradients"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer does not fit the batch.</exception>
    ValueTask EvaluateWithGradientsAsync(SolutionBatch<T> solutions, EvaluationResults results, GradientResults gradients, CancellationToken cancellationToken = default);
}

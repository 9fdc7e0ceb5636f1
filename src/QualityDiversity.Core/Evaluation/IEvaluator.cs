using QualityDiversity.Solutions;

namespace QualityDiversity.Evaluation;

/// <summary>
/// Gives each candidate of a batch an objective (quality) and measures (its position in the
/// behaviour space), and optionally a feature vector from which measures can later be learned.
/// Evaluation is asynchronous so that I/O-bound evaluators (remote models) are first-class;
/// CPU-bound evaluators derive from <see cref="ParallelEvaluator{T}"/>.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IEvaluator<T>
{
    /// <summary>Length of the measure vector written per candidate.</summary>
    int MeasureDim { get; }

    /// <summary>Length of the feature vector written per candidate; 0 when none.</summary>
    int FeatureDim { get; }

    /// <summary>
    /// Evaluates every solution of <paramref name="solutions"/> and writes candidate <c>i</c>'s
    /// results into row <c>i</c> of <paramref name="results"/>.
    /// </summary>
    ValueTask EvaluateAsync(SolutionBatch<T> solutions, EvaluationResults results, CancellationToken cancellationToken = default);
}

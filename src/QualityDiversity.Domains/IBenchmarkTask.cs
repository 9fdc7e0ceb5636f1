using QualityDiversity.Evaluation;

namespace QualityDiversity.Domains;

/// <summary>
/// A benchmark task: an evaluator of real-vector solutions together with the facts a run needs
/// to set itself up (solution size, archive ranges, where to start sampling).
/// </summary>
public interface IBenchmarkTask : IEvaluator<double>
{
    /// <summary>
    /// Catalogue key of the task family (for example <c>"lp-sphere"</c>), such that
    /// <c>BenchmarkTasks.Create(Id, SolutionDim)</c> rebuilds an equivalent default task.
    /// </summary>
    string Id { get; }

    /// <summary>Human-readable name including the dimension, for logs and plots.</summary>
    string Name { get; }

    /// <summary>Length of a solution vector.</summary>
    int SolutionDim { get; }

    /// <summary>
    /// Default archive bounds, one <c>(Lower, Upper)</c> pair per measure dimension; every
    /// measure the task can produce lies inside them.
    /// </summary>
    IReadOnlyList<(double Lower, double Upper)> MeasureRanges { get; }

    /// <summary>
    /// What each measure is, with its unit where it has one, for axis titles and tables (for
    /// example "end-effector x (link lengths)"); one name per measure.
    /// </summary>
    IReadOnlyList<string> MeasureNames => Enumerable.Range(0, MeasureDim).Select(i => $"measure {i}").ToArray();

    /// <summary>Suggested per-coordinate range for sampling initial solutions.</summary>
    (double Lower, double Upper) InitialRange { get; }

    /// <summary>
    /// Evaluates a single solution on the calling thread: writes its measures (length
    /// <see cref="IEvaluator{T}.MeasureDim"/>) and features (length
    /// <see cref="IEvaluator{T}.FeatureDim"/>) and returns its objective. Gives exactly the same
    /// numbers as batch evaluation.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features);
}

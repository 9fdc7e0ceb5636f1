using QualityDiversity.Evaluation;

namespace QualityDiversity.Domains;

/// <summary>
/// Shared plumbing of the built-in benchmark tasks: parallel batch evaluation from
/// <see cref="ParallelEvaluator{T}"/> plus the <see cref="IBenchmarkTask"/> description.
/// Subclasses implement the per-solution function, which must be pure so that sequential and
/// parallel evaluation agree bit for bit.
/// </summary>
public abstract class BenchmarkTask : ParallelEvaluator<double>, IBenchmarkTask
{
    /// <inheritdoc />
    public abstract string Id { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract int SolutionDim { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<(double Lower, double Upper)> MeasureRanges { get; }

    /// <inheritdoc />
    public abstract (double Lower, double Upper) InitialRange { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> MeasureNames => Enumerable.Range(0, MeasureDim).Select(i => $"measure {i}").ToArray();

    /// <inheritdoc />
    public double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        // The batch path gets correctly sized rows from the base class; this public entry
        // point checks them once so Evaluate itself can stay check-free.
        if (solution.Length != SolutionDim)
            throw new ArgumentException($"Solution has length {solution.Length} but the task expects {SolutionDim}.", nameof(solution));
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Measures span has length {measures.Length} but the task writes {MeasureDim}.", nameof(measures));
        if (features.Length != FeatureDim)
            throw new ArgumentException($"Features span has length {features.Length} but the task writes {FeatureDim}.", nameof(features));
        return Evaluate(solution, measures, features);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

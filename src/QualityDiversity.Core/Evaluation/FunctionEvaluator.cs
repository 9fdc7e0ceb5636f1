namespace QualityDiversity.Evaluation;

/// <summary>
/// Evaluates each solution with a user function, in parallel: the quickest way to plug in a
/// hand-written quality and measure definition.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class FunctionEvaluator<T> : ParallelEvaluator<T>
{
    /// <summary>Evaluates one solution: writes its measures and features, returns its objective. Must be thread-safe.</summary>
    public delegate double Evaluation(ReadOnlySpan<T> solution, Span<double> measures, Span<double> features);

    private readonly Evaluation _evaluate;
    private readonly int _measureDim;
    private readonly int _featureDim;

    /// <summary>Wraps <paramref name="evaluate"/>.</summary>
    public FunctionEvaluator(int measureDim, Evaluation evaluate, int featureDim = 0)
    {
        if (measureDim < 1) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "An evaluator must give at least one measure.");
        if (featureDim < 0) throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "The feature dimension cannot be negative.");
        _evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));
        _measureDim = measureDim;
        _featureDim = featureDim;
    }

    /// <inheritdoc />
    public override int MeasureDim => _measureDim;

    /// <inheritdoc />
    public override int FeatureDim => _featureDim;

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<T> solution, Span<double> measures, Span<double> features) => _evaluate(solution, measures, features);
}

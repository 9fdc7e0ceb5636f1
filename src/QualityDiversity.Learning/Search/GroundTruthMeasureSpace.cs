namespace QualityDiversity.Learning.Search;

/// <summary>Keeps the evaluator's own measures: the QD-GT reference method.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="measureDim">The evaluator's measure count.</param>
public sealed class GroundTruthMeasureSpace<T>(int measureDim) : IMeasureSpaceLearner<T>
{
    /// <inheritdoc />
    public string Name => "QD-GT";

    /// <inheritdoc />
    public int MeasureDim { get; } = measureDim > 0 ? measureDim : throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "Must be positive.");

    /// <inheritdoc />
    public ValueTask<MeasureSpaceUpdate> UpdateAsync(MeasureUpdateContext<T> context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(MeasureSpaceUpdate.GroundTruth);
}

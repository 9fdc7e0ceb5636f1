namespace QualityDiversity.Learning.Search;

/// <summary>
/// Decides a run's measure space at each scheduled update: keep the evaluator's measures
/// (ground truth), fit an unsupervised model (AURORA), or ask for judgments and fit a projection
/// (QDHF).
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IMeasureSpaceLearner<T>
{
    /// <summary>Short name of the method for logs and tables (for example <c>QDHF</c>).</summary>
    string Name { get; }

    /// <summary>Number of measures of the spaces this learner produces.</summary>
    int MeasureDim { get; }

    /// <summary>Produces the measure space to use from <paramref name="context"/>'s iteration on.</summary>
    ValueTask<MeasureSpaceUpdate> UpdateAsync(MeasureUpdateContext<T> context, CancellationToken cancellationToken = default);
}

using QualityDiversity.Learning.Measures;

namespace QualityDiversity.Learning.Search;

/// <summary>
/// AURORA-style unsupervised measures: at each update, fits <see cref="IFeatureMeasureLearner"/>
/// (PCA, autoencoder) to the features of the candidates the new space is built for.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class FeatureMeasureSpace<T> : IMeasureSpaceLearner<T>
{
    private readonly IFeatureMeasureLearner _learner;

    /// <summary>Creates the space.</summary>
    /// <param name="name">Method name for logs (for example <c>AURORA-PCA (Inc)</c>).</param>
    /// <param name="learner">The unsupervised learner.</param>
    /// <param name="measureDim">Measures the learner's models produce.</param>
    public FeatureMeasureSpace(string name, IFeatureMeasureLearner learner, int measureDim)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(learner);
        if (measureDim <= 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "Must be positive.");
        Name = name;
        _learner = learner;
        MeasureDim = measureDim;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <inheritdoc />
    public ValueTask<MeasureSpaceUpdate> UpdateAsync(MeasureUpdateContext<T> context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fit = _learner.Fit(context.Candidates.Features.Span, context.FeatureDim, context.Random, cancellationToken);
        if (fit.Model.MeasureDim != MeasureDim)
            throw new InvalidOperationException($"{Name}: the fitted model gives {fit.Model.MeasureDim} measures, not the configured {MeasureDim}.");
        return ValueTask.FromResult(MeasureSpaceUpdate.FromFit(fit));
    }
}

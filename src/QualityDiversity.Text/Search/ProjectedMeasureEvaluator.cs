using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>
/// Gives texts learned measures: the inner evaluator supplies the quality and the features
/// (e.g. sentence embeddings), and the measures are the current projection of those features.
/// Whatever measures the inner evaluator gives (hand-defined or judged axes) are kept as
/// annotations (<c>inner.measure_k</c>), to compare the learned space with them.
/// </summary>
public sealed class ProjectedMeasureEvaluator : IBatchTextEvaluator
{
    private readonly ITextEvaluator _inner;
    private readonly Func<FeatureMeasureMap> _currentMap;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="inner">Gives quality and features (its feature dimension must be positive).</param>
    /// <param name="measureDim">Dimension of the learned measures.</param>
    /// <param name="currentMap">The projection in force (it changes at each refit).</param>
    public ProjectedMeasureEvaluator(ITextEvaluator inner, int measureDim, Func<FeatureMeasureMap> currentMap)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(currentMap);
        if (inner.FeatureDim <= 0) throw new ArgumentException("Learned measures need an evaluator that gives features (e.g. sentence embeddings).", nameof(inner));
        if (measureDim <= 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "Must be positive.");
        _inner = inner;
        MeasureDim = measureDim;
        _currentMap = currentMap;
    }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <inheritdoc />
    public int FeatureDim => _inner.FeatureDim;

    /// <inheritdoc />
    public async Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken) =>
        Project(await _inner.EvaluateAsync(text, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<TextEvaluation[]> EvaluateBatchAsync(IReadOnlyList<TextGenome> texts, CancellationToken cancellationToken)
    {
        var evaluations = _inner is IBatchTextEvaluator batch
            ? await batch.EvaluateBatchAsync(texts, cancellationToken).ConfigureAwait(false)
            : await Task.WhenAll(texts.Select(t => _inner.EvaluateAsync(t, cancellationToken))).ConfigureAwait(false);
        return evaluations.Select(Project).ToArray();
    }

    private TextEvaluation Project(TextEvaluation inner)
    {
        if (!inner.Succeeded) return inner;
        if (inner.Features.Length != FeatureDim)
            return TextEvaluation.Failed($"The evaluator gave {inner.Features.Length} features; {FeatureDim} were expected.", inner.Annotations);
        var measures = new double[MeasureDim];
        _currentMap()(inner.Features, measures);
        var annotations = inner.Annotations.Concat(inner.Measures.Select((m, k) =>
            new KeyValuePair<string, string>($"inner.measure_{k}", m.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        foreach (var m in measures)
            if (!double.IsFinite(m)) return TextEvaluation.Failed("The learned projection gave a non-finite measure.", annotations);
        return TextEvaluation.Success(inner.Quality, measures, inner.Features, annotations);
    }
}

using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Learning.Measures;

namespace QualityDiversity.Learning.Search;

/// <summary>What a measure-space learner produced at one update.</summary>
/// <param name="Map">
/// The new measure function of features, or null when the run keeps the evaluator's own
/// (ground-truth) measures.
/// </param>
/// <param name="Fit">The fitted model and its training report, when a model was fitted.</param>
/// <param name="NewJudgments">Judgments collected at this update.</param>
/// <param name="TotalJudgments">Judgments the model was trained on (all collected so far).</param>
public sealed record MeasureSpaceUpdate(FeatureMeasureMap? Map, MeasureFit? Fit, int NewJudgments = 0, int TotalJudgments = 0)
{
    /// <summary>The update of a run that measures with the evaluator's own measures.</summary>
    public static MeasureSpaceUpdate GroundTruth { get; } = new(null, null);

    /// <summary>An update to the fitted model <paramref name="fit"/>.</summary>
    public static MeasureSpaceUpdate FromFit(MeasureFit fit, int newJudgments = 0, int totalJudgments = 0)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var model = fit.Model;
        return new MeasureSpaceUpdate(model.Project, fit, newJudgments, totalJudgments);
    }
}

using QualityDiversity.Learning.Judgments;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Measures;

/// <summary>Fits a measure model to similarity judgments (QDHF).</summary>
public interface IJudgmentMeasureLearner
{
    /// <summary>Fits a fresh model on <paramref name="judgments"/> (no warm start).</summary>
    /// <exception cref="ArgumentException">The judgments are empty or their feature lengths disagree.</exception>
    MeasureFit Fit(IReadOnlyList<Judgment> judgments, RandomSource random, CancellationToken cancellationToken = default);
}

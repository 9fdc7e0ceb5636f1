using QualityDiversity.Learning.Search;

namespace QualityDiversity.Experiments;

/// <summary>
/// One measure-space update of a learned-measure search (a refit of the measures on the judgments
/// so far and the archive rebuilt in the new space), as its <c>updates.csv</c> row holds it.
/// </summary>
/// <param name="Iteration">The iteration the update happened before.</param>
/// <param name="NewJudgments">Judgments collected at this update.</param>
/// <param name="TotalJudgments">Judgments the model was trained on.</param>
/// <param name="ValidationAccuracy">Validation triplet accuracy of the fit, or null.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="Offered">Candidates moved into the new archive.</param>
/// <param name="Elites">Elites after the move.</param>
/// <param name="Seconds">Wall time of the update.</param>
/// <param name="Bounds">Bounds of the rebuilt archive, one (lower, upper) pair per measure.</param>
public sealed record MeasureUpdate(int Iteration, int NewJudgments, int TotalJudgments, double? ValidationAccuracy, int Epochs, int Offered, int Elites, double Seconds,
    IReadOnlyList<(double Lower, double Upper)> Bounds)
{
    /// <summary>The row of <paramref name="report"/>.</summary>
    internal static MeasureUpdate From(MeasureUpdateReport report) => new(report.Iteration, report.NewJudgments, report.TotalJudgments,
        report.ValidationAccuracy, report.Epochs, report.Offered, report.Elites, report.Duration.TotalSeconds, report.Bounds);
}

using QualityDiversity.Learning.Search;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>The record of one trial of one method.</summary>
/// <param name="Method">The method.</param>
/// <param name="Trial">Trial index (also its seed).</param>
/// <param name="Scores">Ground-truth scores every scoring interval, the last at the final iteration.</param>
/// <param name="Updates">Measure-space updates: iteration, judgments, validation accuracy, bounds.</param>
/// <param name="Seconds">Wall time of the trial.</param>
internal sealed record QdhfTrialResult(QdhfMethod Method, int Trial, IReadOnlyList<GroundTruthScore> Scores, IReadOnlyList<QdhfUpdateRow> Updates, double Seconds)
{
    /// <summary>The score at the final iteration.</summary>
    public GroundTruthScore Final => Scores[^1];

    /// <summary>Validation triplet accuracy of the last judgment-trained update, or null.</summary>
    public double? FinalAccuracy => Updates.LastOrDefault(u => u.ValidationAccuracy is not null)?.ValidationAccuracy;
}

/// <summary>One measure-space update of a trial, as written to its updates file.</summary>
/// <param name="Iteration">The iteration the update happened before.</param>
/// <param name="NewJudgments">Judgments collected at this update.</param>
/// <param name="TotalJudgments">Judgments the model was trained on.</param>
/// <param name="ValidationAccuracy">Validation triplet accuracy of the fit, or null.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="Offered">Candidates moved into the new archive.</param>
/// <param name="Elites">Elites after the move.</param>
/// <param name="Seconds">Wall time of the update.</param>
/// <param name="Bounds">Bounds of the rebuilt archive, one (lower, upper) pair per measure.</param>
internal sealed record QdhfUpdateRow(int Iteration, int NewJudgments, int TotalJudgments, double? ValidationAccuracy, int Epochs, int Offered, int Elites, double Seconds,
    IReadOnlyList<(double Lower, double Upper)> Bounds)
{
    /// <summary>The row of <paramref name="report"/>.</summary>
    public static QdhfUpdateRow From(MeasureUpdateReport report) => new(report.Iteration, report.NewJudgments, report.TotalJudgments,
        report.ValidationAccuracy, report.Epochs, report.Offered, report.Elites, report.Duration.TotalSeconds, report.Bounds);
}

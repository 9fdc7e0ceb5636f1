using QualityDiversity.Learning.Search;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>The record of one trial of one method.</summary>
/// <param name="Method">The method.</param>
/// <param name="Trial">Trial index (also its seed).</param>
/// <param name="Scores">Ground-truth scores every scoring interval, the last at the final iteration.</param>
/// <param name="Updates">Measure-space updates: iteration, judgments, validation accuracy, bounds.</param>
/// <param name="Seconds">Wall time of the trial.</param>
internal sealed record QdhfTrialResult(QdhfMethod Method, int Trial, IReadOnlyList<GroundTruthScore> Scores, IReadOnlyList<MeasureUpdate> Updates, double Seconds)
{
    /// <summary>The score at the final iteration.</summary>
    public GroundTruthScore Final => Scores[^1];

    /// <summary>Validation triplet accuracy of the last judgment-trained update, or null.</summary>
    public double? FinalAccuracy => Updates.LastOrDefault(u => u.ValidationAccuracy is not null)?.ValidationAccuracy;
}

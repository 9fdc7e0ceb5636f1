namespace QualityDiversity.Learning.Search;

/// <summary>What happened at one measure-space update.</summary>
/// <param name="Iteration">The iteration the update happened before.</param>
/// <param name="UpdateIndex">0 for the first update, then 1, 2, …</param>
/// <param name="Method">The measure-space learner's name.</param>
/// <param name="Learned">Whether a model was fitted (false when the run keeps ground-truth measures).</param>
/// <param name="Epochs">Training epochs of the fit (0 for closed-form fits and ground truth).</param>
/// <param name="ValidationAccuracy">Held-out triplet accuracy of a judgment-trained fit, otherwise null.</param>
/// <param name="ValidationLoss">Held-out loss of the fit when it has one, otherwise null.</param>
/// <param name="NewJudgments">Judgments collected at this update.</param>
/// <param name="TotalJudgments">Judgments the model was trained on.</param>
/// <param name="Bounds">Bounds of the new search archive.</param>
/// <param name="Offered">Candidates re-inserted into the new archive.</param>
/// <param name="Elites">Elites of the new archive after re-insertion.</param>
/// <param name="Duration">Wall time of the update (judging, fitting, rebuilding).</param>
public sealed record MeasureUpdateReport(
    int Iteration,
    int UpdateIndex,
    string Method,
    bool Learned,
    int Epochs,
    double? ValidationAccuracy,
    double? ValidationLoss,
    int NewJudgments,
    int TotalJudgments,
    IReadOnlyList<(double Lower, double Upper)> Bounds,
    int Offered,
    int Elites,
    TimeSpan Duration);

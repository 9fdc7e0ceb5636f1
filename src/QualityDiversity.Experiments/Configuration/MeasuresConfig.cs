namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Where a search's measures come from when they are learned during the run (QDHF, AURORA) or
/// kept to the task's ground truth under the same protocol: the <c>measures</c> section. The
/// search archive is then rebuilt at every scheduled update with the dims of <c>archive</c> and
/// bounds from the projected elites; <c>archive</c>'s ranges bound the ground-truth scoring.
/// </summary>
public sealed record MeasuresConfig
{
    /// <summary>The <c>type</c> of the task's own measures.</summary>
    public const string GroundTruth = "ground_truth";

    /// <summary>The <c>type</c> of a projection trained on similarity judgments.</summary>
    public const string Qdhf = "qdhf";

    /// <summary>The <c>type</c> of PCA of the features.</summary>
    public const string AuroraPca = "aurora_pca";

    /// <summary>The <c>type</c> of an autoencoder of the features.</summary>
    public const string AuroraAe = "aurora_ae";

    /// <summary>The <c>schedule</c> with one update at the start.</summary>
    public const string Once = "once";

    /// <summary>The <c>schedule</c> with updates at 0 %, 10 %, 25 % and 50 % of the run.</summary>
    public const string Progressive = "progressive";

    /// <summary>The accepted <c>type</c> values.</summary>
    public static IReadOnlyList<string> Types { get; } = [GroundTruth, Qdhf, AuroraPca, AuroraAe];

    /// <summary>How the measures are obtained.</summary>
    public required string Type { get; init; }

    /// <summary><c>once</c>, <c>progressive</c>, or null when <see cref="Iterations"/> lists the update iterations.</summary>
    public string? Schedule { get; init; } = Progressive;

    /// <summary>Explicit update iterations (1-based, starting at 1), when <see cref="Schedule"/> is null.</summary>
    public IReadOnlyList<int>? Iterations { get; init; }

    /// <summary>Judgments in total over the run (QDHF), spread evenly over the updates.</summary>
    public int Judgments { get; init; } = 1000;

    /// <summary>Who answers the judgments (QDHF).</summary>
    public JudgeConfig Judge { get; init; } = new();

    /// <summary>Hidden layer sizes of the projection (empty: linear, the QDHF default).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];

    /// <summary>
    /// How the projection is fitted (QDHF): <c>protocol</c>, the reference's early stopping, or
    /// <c>best_validation</c>, which keeps the best-validation weights and stops after
    /// <see cref="Patience"/> epochs without improvement (see <see cref="Learning.Measures.Torch.TripletFitRule"/>).
    /// </summary>
    public string Fit { get; init; } = Learning.Measures.Torch.TripletFitRuleNames.Protocol;

    /// <summary>Epochs without a new best validation accuracy that end a <c>best_validation</c> fit.</summary>
    public int Patience { get; init; } = 50;

    /// <summary>The projection learner's settings for <paramref name="measures"/> learned measures.</summary>
    public Learning.Measures.Torch.TripletProjectionOptions ProjectionOptions(int measures)
    {
        Learning.Measures.Torch.TripletFitRuleNames.TryParse(Fit, out var rule);
        return new() { Measures = measures, HiddenSizes = [.. Hidden], Fit = rule, Patience = Patience };
    }

    /// <summary>Judgments from earlier runs (a JSON Lines file) to train on as well, or null.</summary>
    public string? PriorJudgments { get; init; }

    /// <summary>Iterations between ground-truth scores.</summary>
    public int ScoreEvery { get; init; } = 20;

    /// <summary>
    /// How a rebuilt archive's bounds follow from the projected elites: per measure, these
    /// quantiles widened by <see cref="BoundsMargin"/> of their span ([min, max] by default).
    /// </summary>
    public double LowerQuantile { get; init; }

    /// <summary>Upper quantile of the bounds rule (1 = max).</summary>
    public double UpperQuantile { get; init; } = 1;

    /// <summary>Fraction of the quantile span added on each side of the bounds.</summary>
    public double BoundsMargin { get; init; }

    /// <summary>The update schedule for a run of <paramref name="totalIterations"/>.</summary>
    public Learning.Search.MeasureUpdateSchedule ScheduleFor(int totalIterations) => Schedule switch
    {
        Once => Learning.Search.MeasureUpdateSchedule.Once,
        Progressive => Learning.Search.MeasureUpdateSchedule.Progressive(totalIterations),
        _ => new Learning.Search.MeasureUpdateSchedule(Iterations ?? [1]),
    };
}

/// <summary>The <c>measures.judge</c> section: who answers similarity judgments.</summary>
public sealed record JudgeConfig
{
    /// <summary>A simulated person comparing ground-truth measures.</summary>
    public const string Simulated = "simulated";

    /// <summary>Answers read from a judgments file.</summary>
    public const string Recorded = "recorded";

    /// <summary>A person answering on the console.</summary>
    public const string Console = "console";

    /// <summary>People answering on the judging page of <c>qd serve</c>, which runs the search.</summary>
    public const string Web = "web";

    /// <summary>The accepted <c>type</c> values.</summary>
    public static IReadOnlyList<string> Types { get; } = [Simulated, Recorded, Console, Web];

    /// <summary>The judge's kind.</summary>
    public string Type { get; init; } = Simulated;

    /// <summary>Probability in [0, 0.5) that a simulated answer is flipped.</summary>
    public double LabelNoise { get; init; }

    /// <summary>The judgments file of a recorded judge.</summary>
    public string? Path { get; init; }

    /// <summary>The name of the person answering on the console.</summary>
    public string? Person { get; init; }
}

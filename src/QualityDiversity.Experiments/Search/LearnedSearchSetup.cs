using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Domains;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Search;

namespace QualityDiversity.Experiments.Search;

/// <summary>A learned-measure search built from a configuration with a <c>measures</c> section.</summary>
/// <param name="Config">The resolved configuration.</param>
/// <param name="Task">The task (also the ground truth for scoring).</param>
/// <param name="Search">The search loop.</param>
/// <param name="Scorer">Ground-truth scoring of archive and all solutions.</param>
/// <param name="Judge">The judge of a QDHF search (replaying answers already in the judgments file), or null.</param>
/// <param name="Judgments">The run's judgments file, appended as answers arrive, or null when no judge is asked.</param>
/// <param name="JudgmentSpace">The measure space of a QDHF search, which keeps (and checkpoints) every judgment it trained on; null for other methods.</param>
/// <param name="PriorJudgments">Judgments of earlier runs (<c>measures.prior_judgments</c>) that the measure space trains on first; they are not in the judgments file.</param>
internal sealed record LearnedSearchSetup(
    SearchConfig Config,
    IBenchmarkTask Task,
    LearnedMeasureSearch<double> Search,
    GroundTruthScorer<double> Scorer,
    ReplayingJudge? Judge,
    JudgmentSet? Judgments,
    JudgmentMeasureSpace<double>? JudgmentSpace = null,
    int PriorJudgments = 0)
{
    /// <summary>
    /// The judgments the judge gave up to the restored checkpoint (or so far), in the order the
    /// measure space took them: what the judgments file must hold. Empty without a judge.
    /// </summary>
    public IReadOnlyList<Judgment> JudgeAnswers => JudgmentSpace is { } space ? space.Judgments.Skip(PriorJudgments).ToArray() : [];

    /// <summary>The measures section.</summary>
    public MeasuresConfig Measures => Config.Measures!;

    /// <summary>The queue people answer through when the judge is <c>web</c>, or null.</summary>
    public JudgingQueue? Queue => Judge?.Inner as JudgingQueue;
}

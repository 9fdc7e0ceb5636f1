using QualityDiversity.Runs;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Learning.Search;

/// <summary>Everything a <see cref="LearnedMeasureSearch{T}"/> needs.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed record LearnedMeasureSearchSettings<T>
{
    /// <summary>
    /// The task: writes each candidate's objective, its ground-truth measures (used by the
    /// ground-truth method and for scoring, never by learned spaces) and its features.
    /// </summary>
    public required IEvaluator<T> Evaluator { get; init; }

    /// <summary>How the measure space is chosen at each update.</summary>
    public required IMeasureSpaceLearner<T> MeasureSpace { get; init; }

    /// <summary>When the measure space is updated; defaults to once, at the start.</summary>
    public MeasureUpdateSchedule Schedule { get; init; } = MeasureUpdateSchedule.Once;

    /// <summary>Builds an empty search archive over given bounds; it must keep the evaluator's features.</summary>
    public required ArchiveFactory<T> CreateArchive { get; init; }

    /// <summary>Archive bounds used when the space is the ground truth (learned spaces take theirs from the projected candidates).</summary>
    public required IReadOnlyList<(double Lower, double Upper)> GroundTruthBounds { get; init; }

    /// <summary>How a learned space's bounds follow from the projected candidates; [min, max] by default.</summary>
    public MeasureBoundsRule BoundsRule { get; init; } = MeasureBoundsRule.MinMax;

    /// <summary>Builds the emitter for a (new) search archive.</summary>
    public required Func<IArchive<T>, RandomSource, IEmitter<T>> CreateEmitter { get; init; }

    /// <summary>Samples <c>count</c> random solutions: the initial population and fresh candidates for judgments.</summary>
    public required Func<int, RandomSource, SolutionBatch<T>> SampleSolutions { get; init; }

    /// <summary>Builds the item a judge is shown for a candidate.</summary>
    public required JudgedItemFactory<T> ToItem { get; init; }

    /// <summary>Size of the random initial population evaluated before the first iteration.</summary>
    public int InitialPopulation { get; init; } = 100;

    /// <summary>Iterations to run.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Seed of every random choice of the run.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// What a failed evaluation does: with <see cref="EvaluationFailurePolicy.SkipFailed"/> (the
    /// default) a candidate that throws, times out or gives non-finite values — learned measures
    /// included — stays out of the archive, the judgments and the ground-truth scoring while the
    /// rest of its batch goes on; <see cref="EvaluationFailurePolicy.FailFast"/> throws.
    /// </summary>
    public EvaluationFailurePolicy FailurePolicy { get; init; } = EvaluationFailurePolicy.SkipFailed;
}

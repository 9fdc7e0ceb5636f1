using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Evaluation;

namespace QualityDiversity.Learning.Search;

/// <summary>
/// Scores a learned-measure run the way QDHF's protocol does: every <see cref="ScoreEvery"/>
/// iterations (and at the last), the current archive's elites are re-evaluated and inserted
/// into a fresh ground-truth archive; a second ground-truth archive accumulates every evaluated
/// candidate. It also records the measure-space updates.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class GroundTruthScorer<T> : ILearnedMeasureObserver<T>
{
    private readonly IEvaluator<T> _evaluator;
    private readonly Func<IArchive<T>> _createGroundTruthArchive;
    private readonly int _lastIteration;
    private long _evaluations;
    private double _best = double.NegativeInfinity;

    /// <summary>Creates the scorer.</summary>
    /// <param name="evaluator">The task evaluator whose measures are the ground truth.</param>
    /// <param name="createGroundTruthArchive">Builds an empty ground-truth archive (for example 50 × 50 over the task's measure ranges).</param>
    /// <param name="scoreEvery">Iterations between scores.</param>
    /// <param name="lastIteration">The run's last iteration, which is always scored.</param>
    public GroundTruthScorer(IEvaluator<T> evaluator, Func<IArchive<T>> createGroundTruthArchive, int scoreEvery, int lastIteration)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(createGroundTruthArchive);
        if (scoreEvery < 1) throw new ArgumentOutOfRangeException(nameof(scoreEvery), scoreEvery, "Must be at least 1.");
        _evaluator = evaluator;
        _createGroundTruthArchive = createGroundTruthArchive;
        ScoreEvery = scoreEvery;
        _lastIteration = lastIteration;
        AllSolutions = createGroundTruthArchive();
    }

    /// <summary>Iterations between scores.</summary>
    public int ScoreEvery { get; }

    /// <summary>The ground-truth archive of every evaluated candidate.</summary>
    public IArchive<T> AllSolutions { get; }

    /// <summary>The scores so far, in iteration order.</summary>
    public List<GroundTruthScore> Scores { get; } = [];

    /// <summary>The measure-space updates so far.</summary>
    public List<MeasureUpdateReport> Updates { get; } = [];

    /// <summary>The ground-truth archive of the last scored archive solutions (null before the first score).</summary>
    public IArchive<T>? ArchiveSolutions { get; private set; }

    /// <inheritdoc />
    public void OnMeasureUpdate(MeasureUpdateReport report) => Updates.Add(report);

    /// <inheritdoc />
    public void OnEvaluated(int iteration, in CandidateBatch<T> groundTruth)
    {
        AllSolutions.Add(groundTruth);
        _evaluations += groundTruth.Count;
        foreach (double objective in groundTruth.Objectives.Span)
            if (objective > _best) _best = objective;
    }

    /// <inheritdoc />
    public async ValueTask OnIterationEndAsync(int iteration, IArchive<T> archive, CancellationToken cancellationToken)
    {
        if (iteration % ScoreEvery != 0 && iteration != _lastIteration) return;
        var groundTruth = _createGroundTruthArchive();
        if (!archive.IsEmpty)
        {
            // The search archive's measures may be learned ones: re-evaluate its elites for theirs.
            var elites = MeasureSpaceRebuilder.EliteBatch(archive);
            var results = new EvaluationResults(elites.Count, _evaluator.MeasureDim, _evaluator.FeatureDim);
            await _evaluator.EvaluateAsync(elites.Solutions, results, cancellationToken).ConfigureAwait(false);
            groundTruth.Add(new CandidateBatch<T>(elites.Solutions, results));
        }
        ArchiveSolutions = groundTruth;
        var archiveStats = groundTruth.Statistics;
        var allStats = AllSolutions.Statistics;
        Scores.Add(new GroundTruthScore(iteration, _evaluations,
            archiveStats.NormalizedQdScore, 100 * archiveStats.Coverage,
            allStats.NormalizedQdScore, 100 * allStats.Coverage, _best));
    }
}

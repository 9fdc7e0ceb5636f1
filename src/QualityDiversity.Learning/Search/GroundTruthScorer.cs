using QualityDiversity.Persistence;
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
public sealed class GroundTruthScorer<T> : ILearnedMeasureObserver<T>, ICheckpointable
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

    /// <summary>Writes the all-solutions archive, the scores and the update reports.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_evaluations);
        writer.Write(_best);
        AllSolutions.WriteState(writer);
        writer.Write(Scores.Count);
        foreach (var s in Scores)
        {
            writer.Write(s.Iteration);
            writer.Write(s.Evaluations);
            writer.Write(s.ArchiveQdScore);
            writer.Write(s.ArchiveCoverage);
            writer.Write(s.AllQdScore);
            writer.Write(s.AllCoverage);
            writer.Write(s.BestObjective);
        }
        writer.Write(Updates.Count);
        foreach (var u in Updates)
        {
            writer.Write(u.Iteration);
            writer.Write(u.UpdateIndex);
            writer.Write(u.Method);
            writer.Write(u.Learned);
            writer.Write(u.Epochs);
            WriteOptional(writer, u.ValidationAccuracy);
            WriteOptional(writer, u.ValidationLoss);
            writer.Write(u.NewJudgments);
            writer.Write(u.TotalJudgments);
            BoundsState.Write(writer, u.Bounds);
            writer.Write(u.Offered);
            writer.Write(u.Elites);
            writer.Write(u.Duration.Ticks);
        }
    }

    /// <summary>Restores the state written by <see cref="WriteState"/>. The archive-solutions archive is rebuilt at the next score.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long evaluations = reader.ReadInt64();
        double best = reader.ReadDouble();
        AllSolutions.ReadState(reader);
        int scoreCount = reader.ReadInt32();
        var scores = new List<GroundTruthScore>(Math.Max(0, scoreCount));
        for (int i = 0; i < scoreCount; i++)
        {
            scores.Add(new GroundTruthScore(reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()));
        }
        int updateCount = reader.ReadInt32();
        var updates = new List<MeasureUpdateReport>(Math.Max(0, updateCount));
        for (int i = 0; i < updateCount; i++)
        {
            int iteration = reader.ReadInt32(), index = reader.ReadInt32();
            string method = reader.ReadString();
            bool learned = reader.ReadBoolean();
            int epochs = reader.ReadInt32();
            double? accuracy = ReadOptional(reader), loss = ReadOptional(reader);
            int newJudgments = reader.ReadInt32(), totalJudgments = reader.ReadInt32();
            var bounds = BoundsState.Read(reader, dims =>
            {
                if (dims is < 0 or > 64) throw new InvalidDataException($"A saved update report cannot have {dims} bounds.");
            });
            updates.Add(new MeasureUpdateReport(iteration, index, method, learned, epochs, accuracy, loss, newJudgments, totalJudgments,
                bounds, reader.ReadInt32(), reader.ReadInt32(), TimeSpan.FromTicks(reader.ReadInt64())));
        }
        _evaluations = evaluations;
        _best = best;
        Scores.Clear();
        Scores.AddRange(scores);
        Updates.Clear();
        Updates.AddRange(updates);
    }

    private static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v) writer.Write(v);
    }

    private static double? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDouble() : null;

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
            // The search archive's measures may be learned ones: take the ground truth from the
            // kept features when the task can, else re-evaluate the elites.
            var elites = MeasureSpaceRebuilder.EliteBatch(archive);
            if (_evaluator is IMeasuresFromFeatures fromFeatures && archive.FeatureDim == _evaluator.FeatureDim)
            {
                int m = _evaluator.MeasureDim, f = _evaluator.FeatureDim;
                var measures = new double[elites.Count * m];
                var features = elites.Features.Span;
                for (int i = 0; i < elites.Count; i++) fromFeatures.MeasuresFromFeatures(features.Slice(i * f, f), measures.AsSpan(i * m, m));
                groundTruth.Add(new CandidateBatch<T>(elites.Solutions, elites.Objectives, measures));
            }
            else
            {
                var results = new EvaluationResults(elites.Count, _evaluator.MeasureDim, _evaluator.FeatureDim);
                await _evaluator.EvaluateAsync(elites.Solutions, results, cancellationToken).ConfigureAwait(false);
                groundTruth.Add(new CandidateBatch<T>(elites.Solutions, results));
            }
        }
        ArchiveSolutions = groundTruth;
        var archiveStats = groundTruth.Statistics;
        var allStats = AllSolutions.Statistics;
        Scores.Add(new GroundTruthScore(iteration, _evaluations,
            archiveStats.NormalizedQdScore, 100 * archiveStats.Coverage,
            allStats.NormalizedQdScore, 100 * allStats.Coverage, _best));
    }
}

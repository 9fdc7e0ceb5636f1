using System.Buffers;
using QualityDiversity.Persistence;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;

namespace QualityDiversity.Learning.Search;

/// <summary>
/// QDHF's measure space: at each update, asks a judge about new triplets and fits a fresh
/// projection on every judgment collected so far. The first update's triplets are fresh random
/// candidates; later ones are three elites drawn uniformly with replacement from the archive.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class JudgmentMeasureSpace<T> : IMeasureSpaceLearner<T>, ICheckpointable
{
    private readonly IJudge _judge;
    private readonly IJudgmentMeasureLearner _learner;
    private readonly int[] _budgets;
    private readonly List<Judgment> _judgments;
    private readonly Action<IReadOnlyList<Judgment>>? _onJudged;

    /// <summary>Creates the space.</summary>
    /// <param name="name">Method name for logs (for example <c>QDHF</c>).</param>
    /// <param name="judge">Who answers the triplets.</param>
    /// <param name="learner">Fits the projection to the judgments.</param>
    /// <param name="measureDim">Measures the projection produces.</param>
    /// <param name="budgets">Judgments to ask for at each update, in update order (the last value repeats).</param>
    /// <param name="priorJudgments">Judgments from earlier runs to train on as well; they are not asked again.</param>
    /// <param name="onJudged">Called with each update's new judgments as soon as they are answered (to persist them).</param>
    public JudgmentMeasureSpace(string name, IJudge judge, IJudgmentMeasureLearner learner, int measureDim, IReadOnlyList<int> budgets,
        IEnumerable<Judgment>? priorJudgments = null, Action<IReadOnlyList<Judgment>>? onJudged = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(budgets);
        if (measureDim <= 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "Must be positive.");
        if (budgets.Count == 0 || budgets.Any(b => b < 0))
            throw new ArgumentException("Give at least one judgment budget, none negative.", nameof(budgets));
        Name = name;
        _judge = judge;
        _learner = learner;
        MeasureDim = measureDim;
        _budgets = budgets.ToArray();
        _judgments = priorJudgments?.ToList() ?? [];
        _onJudged = onJudged;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <summary>Every judgment trained on so far, prior ones first.</summary>
    public IReadOnlyList<Judgment> Judgments => _judgments;

    /// <summary>The judgment budget of update <paramref name="updateIndex"/>.</summary>
    public int BudgetAt(int updateIndex) => _budgets[Math.Min(updateIndex, _budgets.Length - 1)];

    /// <inheritdoc />
    public async ValueTask<MeasureSpaceUpdate> UpdateAsync(MeasureUpdateContext<T> context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        int budget = BudgetAt(context.UpdateIndex);
        var triplets = context.UpdateIndex == 0
            ? await FreshTripletsAsync(context, budget, cancellationToken).ConfigureAwait(false)
            : EliteTriplets(context, budget);
        var answered = triplets.Count == 0 ? [] : await _judge.JudgeAsync(triplets, cancellationToken).ConfigureAwait(false);
        if (answered.Count > 0)
        {
            _judgments.AddRange(answered);
            _onJudged?.Invoke(answered);
        }
        if (_judgments.Count == 0)
            throw new NoJudgmentsException(
                $"{Name}: the judge '{_judge.Name}' answered none of the {triplets.Count} triplets it was asked (it quit, or its input ended), so there is nothing to learn the measures from. " +
                "A console judge needs a person at a terminal; to answer from a file, use a recorded judge.");
        var fit = _learner.Fit(_judgments, context.Random, cancellationToken);
        if (fit.Model.MeasureDim != MeasureDim)
            throw new InvalidOperationException($"{Name}: the fitted projection gives {fit.Model.MeasureDim} measures, not the configured {MeasureDim}.");
        return MeasureSpaceUpdate.FromFit(fit, answered.Count, _judgments.Count);
    }

    /// <summary>Writes every judgment collected so far (prior ones included), so a resumed run trains on the same data.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_judgments.Count);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var judgment in _judgments)
        {
            buffer.ResetWrittenCount();
            using (var json = JudgmentJsonLine.CreateWriter(buffer)) JudgmentJsonLine.Write(json, judgment);
            writer.Write(buffer.WrittenCount);
            writer.Write(buffer.WrittenSpan);
        }
    }

    /// <summary>Replaces the collected judgments with those written by <see cref="WriteState"/>.</summary>
    /// <exception cref="InvalidDataException">The data holds no valid judgments.</exception>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"A checkpoint cannot hold {count} judgments.");
        var judgments = new List<Judgment>(count);
        var scratch = new List<double>();
        for (int i = 0; i < count; i++)
        {
            int length = reader.ReadInt32();
            if (length <= 0) throw new InvalidDataException($"Judgment {i} of the checkpoint has length {length}.");
            try
            {
                judgments.Add(JudgmentJsonLine.Parse(reader.ReadBytes(length), scratch));
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"Judgment {i} of the checkpoint is malformed: {e.Message}", e);
            }
        }
        _judgments.Clear();
        _judgments.AddRange(judgments);
    }

    private static async ValueTask<List<Triplet>> FreshTripletsAsync(MeasureUpdateContext<T> context, int budget, CancellationToken cancellationToken)
    {
        if (budget == 0) return [];
        var fresh = await context.SampleFresh(3 * budget, cancellationToken).ConfigureAwait(false);
        var triplets = new List<Triplet>(budget);
        for (int t = 0; t < budget; t++)
            triplets.Add(new Triplet(ItemOf(context, fresh, 3 * t), ItemOf(context, fresh, 3 * t + 1), ItemOf(context, fresh, 3 * t + 2)));
        return triplets;
    }

    private static List<Triplet> EliteTriplets(MeasureUpdateContext<T> context, int budget)
    {
        var candidates = context.Candidates;
        if (candidates.Count == 0) throw new InvalidOperationException("There are no elites to draw triplets from.");
        var triplets = new List<Triplet>(budget);
        for (int t = 0; t < budget; t++)
        {
            int r = context.Random.NextInt(candidates.Count), a = context.Random.NextInt(candidates.Count), b = context.Random.NextInt(candidates.Count);
            triplets.Add(new Triplet(ItemOf(context, candidates, r), ItemOf(context, candidates, a), ItemOf(context, candidates, b)));
        }
        return triplets;
    }

    private static JudgedItem ItemOf(MeasureUpdateContext<T> context, in QualityDiversity.Archives.CandidateBatch<T> batch, int index) =>
        context.ToItem(batch.Solutions.Row(index), batch.Features.Span.Slice(index * context.FeatureDim, context.FeatureDim));
}

using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// A simulated person who knows every candidate's ground-truth measures: it answers the
/// candidate whose measures are nearer (squared Euclidean distance) to the reference's, A on a
/// tie, and flips each answer independently with probability <see cref="NoiseRate"/> to model
/// careless or inconsistent people. Never declines.
/// </summary>
/// <remarks>
/// Whether an answer is flipped is decided by the question itself: a hash of the three items'
/// content, keyed by one draw from the random source at construction, gives each question its own
/// uniform draw. So the answers depend on the seed and the question, not on which questions were
/// asked before or by which thread — a resumed run that replays earlier answers instead of asking
/// again gets exactly the answers an uninterrupted run gets, with no judge state to save. Over
/// distinct questions the flips are independent with probability <see cref="NoiseRate"/>; the
/// same question always gets the same answer (a person consistent with themselves). Safe to call
/// from several threads.
/// </remarks>
public sealed class SimulatedJudge : IJudge
{
    private readonly GroundTruthMeasures _groundTruth;
    private readonly ulong _noiseKey;
    private readonly TimeProvider _time;

    /// <summary>Creates a judge answering from <paramref name="groundTruth"/>.</summary>
    /// <param name="groundTruth">Writes a candidate's ground-truth measures.</param>
    /// <param name="measureDim">Number of ground-truth measures (at least 1).</param>
    /// <param name="noiseRate">Probability in [0, 0.5) that an answer is flipped.</param>
    /// <param name="random">Source of the key that decides the flips (one value is drawn from it); required when <paramref name="noiseRate"/> is above 0.</param>
    /// <param name="name">Judge name; defaults to "simulated", or "simulated (10% noise)" with noise.</param>
    /// <param name="timeProvider">Clock for <see cref="Judgment.AnsweredAt"/>; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="measureDim"/> is below 1 or <paramref name="noiseRate"/> is outside [0, 0.5).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="groundTruth"/> is null, or <paramref name="random"/> is null while there is noise.</exception>
    public SimulatedJudge(
        GroundTruthMeasures groundTruth,
        int measureDim,
        double noiseRate = 0.0,
        RandomSource? random = null,
        string? name = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (measureDim < 1)
            throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "A simulated judge needs at least one ground-truth measure.");
        // At 0.5 answers carry no information; above it they would be anti-correlated with the truth.
        if (!(noiseRate >= 0.0 && noiseRate < 0.5))
            throw new ArgumentOutOfRangeException(nameof(noiseRate), noiseRate, "The label-noise rate must be in [0, 0.5).");
        if (noiseRate > 0.0 && random is null)
            throw new ArgumentNullException(nameof(random), "A random source is required to flip answers when the noise rate is above 0.");

        _groundTruth = groundTruth;
        MeasureDim = measureDim;
        NoiseRate = noiseRate;
        // One draw makes the key; the random source is not used afterwards.
        _noiseKey = noiseRate > 0.0 ? random!.NextUInt64() : 0;
        _time = timeProvider ?? TimeProvider.System;
        Name = name ?? DefaultName(noiseRate);
    }

    /// <summary>Creates a judge whose ground truth is <paramref name="groundTruth"/> applied to each candidate's features.</summary>
    /// <param name="groundTruth">A fitted model mapping features to ground-truth measures.</param>
    /// <param name="noiseRate">Probability in [0, 0.5) that an answer is flipped.</param>
    /// <param name="random">Source of the flips; required when <paramref name="noiseRate"/> is above 0.</param>
    /// <param name="name">Judge name; defaults as in the delegate constructor.</param>
    /// <param name="timeProvider">Clock for <see cref="Judgment.AnsweredAt"/>; defaults to <see cref="TimeProvider.System"/>.</param>
    public SimulatedJudge(
        IMeasureModel groundTruth,
        double noiseRate = 0.0,
        RandomSource? random = null,
        string? name = null,
        TimeProvider? timeProvider = null)
        : this(
            ModelGroundTruth(groundTruth ?? throw new ArgumentNullException(nameof(groundTruth))),
            groundTruth.MeasureDim, noiseRate, random, name, timeProvider)
    {
    }

    private static GroundTruthMeasures ModelGroundTruth(IMeasureModel model) =>
        (item, measures) => model.Project(item.Features, measures);

    private static string DefaultName(double noiseRate) =>
        noiseRate == 0.0
            ? "simulated"
            : string.Create(CultureInfo.InvariantCulture, $"simulated ({noiseRate * 100:0.###}% noise)");

    /// <inheritdoc />
    public JudgeKind Kind => JudgeKind.Simulated;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Probability that an answer is flipped from the ground-truth answer.</summary>
    public double NoiseRate { get; }

    /// <summary>Number of ground-truth measures.</summary>
    public int MeasureDim { get; }

    /// <summary>The noise-free answer to <paramref name="triplet"/>: the candidate nearer the reference in ground truth, A on a tie.</summary>
    /// <exception cref="InvalidOperationException">The ground truth gave a non-finite distance.</exception>
    public TripletAnswer TrueAnswer(Triplet triplet)
    {
        ArgumentNullException.ThrowIfNull(triplet);
        double[] rented = ArrayPool<double>.Shared.Rent(3 * MeasureDim);
        try
        {
            return TrueAnswer(triplet, rented.AsSpan(0, 3 * MeasureDim), 0);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        // Checked up front so that a bad batch answers nothing.
        for (int i = 0; i < triplets.Count; i++)
            if (triplets[i] is null) throw new ArgumentException($"Triplet {i} is null.", nameof(triplets));
        var judgments = new Judgment[triplets.Count];
        double[] rented = ArrayPool<double>.Shared.Rent(3 * MeasureDim);
        try
        {
            Span<double> scratch = rented.AsSpan(0, 3 * MeasureDim);
            for (int i = 0; i < judgments.Length; i++)
            {
                if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                Triplet triplet = triplets[i];
                TripletAnswer answer = TrueAnswer(triplet, scratch, i);
                if (NoiseRate > 0.0 && NoiseDraw(triplet) < NoiseRate)
                    answer = answer == TripletAnswer.A ? TripletAnswer.B : TripletAnswer.A;
                judgments[i] = triplet.Answer(answer, JudgeKind.Simulated, Name, _time.GetUtcNow());
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
        return ValueTask.FromResult<IReadOnlyList<Judgment>>(judgments);
    }

    private TripletAnswer TrueAnswer(Triplet triplet, Span<double> scratch, int index)
    {
        int d = MeasureDim;
        Span<double> reference = scratch[..d], a = scratch.Slice(d, d), b = scratch.Slice(2 * d, d);
        _groundTruth(triplet.Reference, reference);
        _groundTruth(triplet.A, a);
        _groundTruth(triplet.B, b);
        double distanceA = SquaredDistance(reference, a);
        double distanceB = SquaredDistance(reference, b);
        if (!double.IsFinite(distanceA) || !double.IsFinite(distanceB))
            throw new InvalidOperationException(
                $"The ground-truth measures of triplet {index} give a non-finite distance (A: {distanceA}, B: {distanceB}).");
        return distanceB < distanceA ? TripletAnswer.B : TripletAnswer.A;
    }

    // A uniform draw in [0, 1) owned by the question: the keyed hash of its three items' content, the
    // two candidates in an order of their own hashes, so that the question asked with A and B swapped
    // gets the same draw and the swapped answer. A recorded answer replayed for the swapped question
    // (as a resumed run does) is then the answer this judge gives it.
    private double NoiseDraw(Triplet triplet)
    {
        ulong a = ItemHash(triplet.A), b = ItemHash(triplet.B);
        var hash = new XxHash3(unchecked((long)_noiseKey));
        Append(hash, triplet.Reference);
        Span<ulong> candidates = [Math.Min(a, b), Math.Max(a, b)];
        hash.Append(MemoryMarshal.AsBytes(candidates));
        return (hash.GetCurrentHashAsUInt64() >> 11) * (1.0 / (1UL << 53));
    }

    private ulong ItemHash(JudgedItem item)
    {
        var hash = new XxHash3(unchecked((long)_noiseKey));
        Append(hash, item);
        return hash.GetCurrentHashAsUInt64();
    }

    private static void Append(XxHash3 hash, JudgedItem item)
    {
        // Lengths go first so that different splits of the same values hash differently.
        Span<int> lengths = [item.Features.Length, item.Solution?.Length ?? -1, item.Text?.Length ?? -1];
        hash.Append(MemoryMarshal.AsBytes(lengths));
        hash.Append(MemoryMarshal.AsBytes(item.Features.AsSpan()));
        if (item.Solution is not null) hash.Append(MemoryMarshal.AsBytes(item.Solution.AsSpan()));
        if (item.Text is not null) hash.Append(MemoryMarshal.AsBytes(item.Text.AsSpan()));
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double diff = x[i] - y[i];
            sum += diff * diff;
        }
        return sum;
    }
}

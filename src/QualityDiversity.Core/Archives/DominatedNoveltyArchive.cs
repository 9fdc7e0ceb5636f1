using System.Buffers;

namespace QualityDiversity.Archives;

/// <summary>
/// A fixed-size population kept by Dominated Novelty Search (R. Bahlous-Boldi, M. Faldor et al.,
/// "Dominated Novelty Search: Rethinking Local Competition in Quality-Diversity", 2025; pyribs'
/// <c>DNSArchive</c>): each batch is merged with the current elites, every member of the union
/// gets a competition score, and the <see cref="Capacity"/> highest scores survive.
/// </summary>
/// <remarks>
/// <para><b>Score</b>: the mean Euclidean distance in measure space from a solution to its
/// k nearest <i>fitter</i> solutions of the union, those with a strictly higher objective (the
/// paper's definition; pyribs also counts equal objectives as fitter). With fewer than k fitter
/// solutions the mean is over those there are; with none the score is +∞, so the best solution
/// always survives. A solution is thus worth keeping when it is far from anything that beats it.</para>
/// <para><b>Batch semantics</b>: status <see cref="AddStatus.New"/> for a candidate that survives,
/// <see cref="AddStatus.NotAdded"/> otherwise; value = its score in the union (+∞ when nothing in
/// the union is fitter). Survivors are the <see cref="Capacity"/> highest scores; ties go to the
/// earlier member of the union, whose order is the current elites by slot, then the batch.
/// Survivors occupy slots 0 to Count − 1 in that same order.</para>
/// <para>Cost: O(N²·d) per add for a union of N = Count + batch size, which is what the method
/// asks for (every member's fitter neighbours change when the union does).</para>
/// <para><b>Statistics</b>: <see cref="CellCount"/> is the capacity, as in pyribs.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class DominatedNoveltyArchive<T> : ArchiveBase<T>
{
    /// <summary>Default number of fitter neighbours k (the DNS paper's).</summary>
    public const int DefaultNeighbors = 3;

    private readonly double[] _nearest; // scratch: the k smallest distances found so far

    /// <summary>Creates an empty archive.</summary>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="measureDim">Measures per candidate.</param>
    /// <param name="capacity">Population size kept; at least 1.</param>
    /// <param name="k">Number of fitter neighbours whose mean distance is the score; at least 1.</param>
    /// <param name="options">QD-score offset, features and codec; the learning rate and
    /// threshold_min must keep their defaults.</param>
    public DominatedNoveltyArchive(int solutionWidth, int measureDim, int capacity, int k = DefaultNeighbors, ArchiveOptions<T>? options = null)
        : base(CheckCapacity(capacity), solutionWidth, measureDim, (options ??= new()).FeatureDim, double.NegativeInfinity, options.QdScoreOffset, options.Codec)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "The number of fitter neighbours k must be at least 1.");
        if (options.LearningRate != 1.0 || !double.IsNegativeInfinity(options.ThresholdMin))
            throw new ArgumentException("A dominated-novelty archive has no soft thresholds; leave the learning rate at 1 and threshold_min at -infinity.", nameof(options));
        Capacity = capacity;
        K = k;
        _nearest = new double[k];
    }

    private static int CheckCapacity(int capacity) => capacity >= 1
        ? capacity
        : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");

    /// <summary>Population size kept.</summary>
    public int Capacity { get; }

    /// <summary>Number of fitter neighbours whose mean distance is the score.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override int CellCount => Capacity;

    /// <summary>
    /// The score of each row of a population against the population itself (see remarks):
    /// <paramref name="objectives"/> has one value per row of <paramref name="measures"/>.
    /// </summary>
    public void ComputeScores(ReadOnlySpan<double> objectives, ReadOnlySpan<double> measures, Span<double> scores)
    {
        int n = objectives.Length, d = MeasureDim;
        if (measures.Length != n * d)
            throw new ArgumentException($"Got {measures.Length} measure values for {n} objectives; expected {n * d}.", nameof(measures));
        if (scores.Length < n) throw new ArgumentException($"Room for {scores.Length} scores but {n} rows.", nameof(scores));
        var nearest = _nearest.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var mi = measures.Slice(i * d, d);
            double fi = objectives[i];
            int found = 0;
            for (int j = 0; j < n; j++)
            {
                if (!(objectives[j] > fi)) continue;
                var mj = measures.Slice(j * d, d);
                double squared = 0;
                for (int c = 0; c < d; c++)
                {
                    double diff = mi[c] - mj[c];
                    squared += diff * diff;
                }
                // Keep the k smallest squared distances, sorted ascending (insertion).
                if (found < K) found++;
                else if (squared >= nearest[K - 1]) continue;
                int p = found - 1;
                while (p > 0 && nearest[p - 1] > squared)
                {
                    nearest[p] = nearest[p - 1];
                    p--;
                }
                nearest[p] = squared;
            }
            if (found == 0)
            {
                scores[i] = double.PositiveInfinity;
                continue;
            }
            double sum = 0;
            for (int q = 0; q < found; q++) sum += Math.Sqrt(nearest[q]);
            scores[i] = sum / found;
        }
    }

    /// <summary>The slot of the elite nearest to <paramref name="measures"/> (ties to the lower slot), or -1 when empty.</summary>
    public override int FindSlot(ReadOnlySpan<double> measures)
    {
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Expected {MeasureDim} measures, got {measures.Length}.", nameof(measures));
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int slot = 0; slot < Count; slot++)
        {
            var m = Storage.Measures(slot);
            double squared = 0;
            for (int c = 0; c < m.Length; c++)
            {
                double diff = measures[c] - m[c];
                squared += diff * diff;
            }
            if (squared < bestDistance)
            {
                bestDistance = squared;
                best = slot;
            }
        }
        return best;
    }

    /// <inheritdoc />
    private protected override void AddCore(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value)
    {
        int current = Count, n = batch.Count, total = current + n, d = MeasureDim, fd = FeatureDim;
        var batchObjectives = batch.Objectives.Span;
        var batchMeasures = batch.Measures.Span;
        var batchFeatures = batch.Features.Span;
        bool hasFeatures = fd > 0 && !batchFeatures.IsEmpty;

        // The union: elites in slots 0..current-1, then the batch.
        double[] objectives = Rent<double>(total), measures = Rent<double>(total * d), scores = Rent<double>(total);
        int[] order = Rent<int>(total);
        try
        {
            for (int s = 0; s < current; s++)
            {
                objectives[s] = Storage.Objective(s);
                Storage.Measures(s).CopyTo(measures.AsSpan(s * d, d));
            }
            batchObjectives.CopyTo(objectives.AsSpan(current, n));
            batchMeasures.CopyTo(measures.AsSpan(current * d, n * d));
            ComputeScores(objectives.AsSpan(0, total), measures.AsSpan(0, total * d), scores);

            for (int i = 0; i < n; i++) value[i] = scores[current + i];
            var survivors = order.AsSpan(0, total);
            for (int i = 0; i < total; i++) survivors[i] = i;
            int kept = Math.Min(Capacity, total);
            if (kept < total)
            {
                // Highest score first, ties to the earlier member; survivors then back in union order.
                survivors.Sort((a, b) =>
                {
                    int c = scores[b].CompareTo(scores[a]);
                    return c != 0 ? c : a.CompareTo(b);
                });
                survivors = survivors[..kept];
                survivors.Sort();
            }
            status.Fill(AddStatus.NotAdded);
            foreach (int u in survivors)
                if (u >= current) status[u - current] = AddStatus.New;

            // Survivors from the store move only downwards (union order is kept), so they can be
            // compacted in place before the batch's survivors are written after them.
            int slot = 0;
            foreach (int u in survivors)
            {
                if (u < current)
                {
                    if (u != slot)
                        Storage.Set(slot, Storage.Solution(u), Storage.Objective(u), Storage.Measures(u), Storage.Features(u));
                }
                else
                {
                    int i = u - current;
                    Storage.Set(slot, batch.Solutions.Row(i), batchObjectives[i], batchMeasures.Slice(i * d, d),
                        hasFeatures ? batchFeatures.Slice(i * fd, fd) : default);
                }
                Storage.SetThreshold(slot, Storage.Objective(slot));
                slot++;
            }
            for (int s = slot; s < current; s++) Storage.Remove(s);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(objectives);
            ArrayPool<double>.Shared.Return(measures);
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        writer.Write(Capacity);
        writer.Write(K);
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        int capacity = reader.ReadInt32(), k = reader.ReadInt32();
        if (capacity != Capacity || k != K)
            throw new InvalidDataException($"Checkpoint was written by a dominated-novelty archive with capacity {capacity} and k = {k}; this one has {Capacity} and {K}.");
    }

    /// <inheritdoc />
    public override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        foreach (int slot in Storage.OccupiedSlots)
        {
            if (slot >= Count)
            {
                Clear();
                throw new InvalidDataException($"Checkpoint elite in slot {slot} lies beyond its {Count} elites; a dominated-novelty archive keeps its elites in slots 0 to Count - 1.");
            }
        }
    }
}

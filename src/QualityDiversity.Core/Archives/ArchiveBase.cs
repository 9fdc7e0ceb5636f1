using System.Runtime.CompilerServices;
using System.Buffers;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;

namespace QualityDiversity.Archives;

/// <summary>
/// Shared machinery of archives: storage, batch validation, statistics, sampling, enumeration
/// and checkpointing. Derived archives decide where candidates go and who wins.
/// </summary>
/// <remarks>
/// Elites change only through <see cref="Add(in CandidateBatch{T})"/> and <see cref="Clear"/>,
/// which keeps the count and the cached statistics exact. Only the archives of this library
/// derive from this class; a new cell geometry derives from <see cref="CellArchive{T}"/>
/// (overriding <see cref="CellArchive{T}.CellOf"/>), and any other archive implements
/// <see cref="IArchive{T}"/>.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public abstract class ArchiveBase<T> : IArchive<T>
{
    private readonly ISolutionCodec<T>? _codec;
    private ArchiveStatistics _statistics;
    private bool _statisticsStale = true;

    /// <summary>Initialises storage for <paramref name="capacity"/> slots.</summary>
    private protected ArchiveBase(int capacity, int solutionWidth, int measureDim, int featureDim, double initialThreshold, double qdScoreOffset, ISolutionCodec<T>? codec)
    {
        if (!double.IsFinite(qdScoreOffset))
            throw new ArgumentOutOfRangeException(nameof(qdScoreOffset), qdScoreOffset, "The QD score offset must be finite.");
        Storage = new EliteStore<T>(capacity, solutionWidth, measureDim, featureDim, initialThreshold);
        QdScoreOffset = qdScoreOffset;
        _codec = codec;
    }

    /// <inheritdoc />
    public IReadOnlyEliteStore<T> Store => Storage;

    /// <summary>The storage itself, which only the archive's own add and clear change.</summary>
    private protected EliteStore<T> Storage { get; }

    /// <inheritdoc />
    public int SolutionWidth => Storage.SolutionWidth;

    /// <inheritdoc />
    public int MeasureDim => Storage.MeasureDim;

    /// <inheritdoc />
    public int FeatureDim => Storage.FeatureDim;

    /// <inheritdoc />
    public abstract int CellCount { get; }

    /// <inheritdoc />
    public double QdScoreOffset { get; }

    /// <inheritdoc />
    public int Count => Storage.Count;

    /// <inheritdoc />
    public bool IsEmpty => Storage.Count == 0;

    /// <inheritdoc />
    public ArchiveStatistics Statistics
    {
        get
        {
            if (_statisticsStale)
            {
                _statistics = ComputeStatistics();
                _statisticsStale = false;
            }
            return _statistics;
        }
    }

    /// <inheritdoc />
    public AddResult Add(in CandidateBatch<T> batch)
    {
        var result = new AddResult(batch.Count);
        Add(batch, result.Status, result.Value);
        return result;
    }

    /// <inheritdoc />
    public void Add(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value)
    {
        Validate(batch);
        int n = batch.Count;
        if (status.Length < n) throw new ArgumentException($"Status buffer holds {status.Length} entries but the batch has {n} candidates.", nameof(status));
        if (value.Length < n) throw new ArgumentException($"Value buffer holds {value.Length} entries but the batch has {n} candidates.", nameof(value));
        if (n == 0) return;
        AddCore(batch, status[..n], value[..n]);
        _statisticsStale = true;
    }

    /// <summary>
    /// Inserts a validated, non-empty batch. Implementations evaluate every candidate against
    /// the archive as it was before the batch, unless they document otherwise (a
    /// <see cref="SlidingBoundariesArchive{T}"/> inserts in order because it may remap mid-batch).
    /// </summary>
    private protected abstract void AddCore(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value);

    /// <summary>Runs the checks an <see cref="Add(in CandidateBatch{T})"/> of <paramref name="batch"/> starts with, changing nothing.</summary>
    /// <exception cref="ArchiveInputException">The batch is malformed.</exception>
    internal void CheckBatch(in CandidateBatch<T> batch) => Validate(batch);

    /// <summary>
    /// Checks the batch's shapes and that every objective and measure is finite; throws an
    /// <see cref="ArchiveInputException"/> naming the first offending candidate and field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Validate(in CandidateBatch<T> batch)
    {
        int n = batch.Count;
        if (batch.Solutions.Width != SolutionWidth && n > 0)
            throw new ArchiveInputException($"Solutions have width {batch.Solutions.Width}, but this archive stores solutions of width {SolutionWidth}.", "solutions");
        if (batch.Objectives.Length != n)
            throw new ArchiveInputException($"Got {batch.Objectives.Length} objectives for {n} solutions.", "objectives");
        if (batch.Measures.Length != n * MeasureDim)
            throw new ArchiveInputException($"Got {batch.Measures.Length} measure values for {n} solutions; expected {MeasureDim} per solution ({n * MeasureDim}).", "measures");
        if (FeatureDim > 0 && !batch.Features.IsEmpty && batch.Features.Length != n * FeatureDim)
            throw new ArchiveInputException($"Got {batch.Features.Length} feature values for {n} solutions; expected {FeatureDim} per solution ({n * FeatureDim}).", "features");

        var objectives = batch.Objectives.Span;
        var measures = batch.Measures.Span;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(objectives[i]))
                throw new ArchiveInputException($"Candidate {i}: objective is {objectives[i]}; objectives must be finite.", "objectives", i);
            for (int j = 0; j < MeasureDim; j++)
            {
                double m = measures[i * MeasureDim + j];
                if (!double.IsFinite(m))
                    throw new ArchiveInputException($"Candidate {i}: measure {j} is {m}; measures must be finite.", "measures", i);
            }
            ValidateMeasures(i, measures.Slice(i * MeasureDim, MeasureDim));
        }
    }

    /// <summary>
    /// Archive-specific check of one candidate's finite measures, called by
    /// <see cref="Validate"/> for each candidate in order, before anything is changed. Throw an
    /// <see cref="ArchiveInputException"/> with field "measures" and <paramref name="candidateIndex"/>
    /// to reject the batch. The default accepts any finite measures.
    /// </summary>
    /// <param name="candidateIndex">The candidate's index in the batch.</param>
    /// <param name="measures">The candidate's measures (already checked to be finite).</param>
    protected virtual void ValidateMeasures(int candidateIndex, ReadOnlySpan<double> measures) { }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SampleSlots(RandomSource random, Span<int> slots)
    {
        var occupied = Storage.OccupiedSlots;
        if (occupied.IsEmpty) throw new InvalidOperationException("Cannot sample elites from an empty archive.");
        for (int i = 0; i < slots.Length; i++) slots[i] = occupied[random.NextInt(occupied.Length)];
    }

    /// <inheritdoc />
    public abstract int FindSlot(ReadOnlySpan<double> measures);

    /// <inheritdoc />
    public IEnumerable<Elite<T>> Elites()
    {
        // Snapshot the slot list so callers may add to the archive while enumerating.
        int[] slots = Storage.OccupiedSlots.ToArray();
        Array.Sort(slots);
        foreach (int slot in slots) yield return Storage.EliteAt(slot);
    }

    /// <inheritdoc />
    public virtual void Clear()
    {
        Storage.Clear();
        _statisticsStale = true;
    }

    /// <summary>Statistics over the current elites.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected virtual ArchiveStatistics ComputeStatistics()
    {
        int cells = CellCount;
        var occupied = Storage.OccupiedSlots;
        if (occupied.IsEmpty) return new ArchiveStatistics(0, cells, 0, 0, 0, double.NaN, double.NaN, -1);
        double sum = 0, max = double.NegativeInfinity;
        int best = -1;
        foreach (int slot in occupied)
        {
            double f = Storage.Objective(slot);
            sum += f;
            if (f > max || (f == max && slot < best)) { max = f; best = slot; }
        }
        int count = occupied.Length;
        double qd = sum - QdScoreOffset * count;
        return new ArchiveStatistics(count, cells, cells == 0 ? 0 : (double)count / cells, qd,
            cells == 0 ? 0 : qd / cells, max, sum / count, best);
    }

    /// <summary>The codec used for checkpoints.</summary>
    protected ISolutionCodec<T> Codec => _codec ?? SolutionCodecs.For<T>();

    /// <inheritdoc />
    public virtual void WriteState(BinaryWriter writer)
    {
        writer.Write(GetType().Name);
        WriteConfiguration(writer);
        Storage.WriteState(writer, Codec);
    }

    /// <inheritdoc />
    public virtual void ReadState(BinaryReader reader)
    {
        string kind = reader.ReadString();
        if (kind != GetType().Name)
            throw new InvalidDataException($"Checkpoint holds a {kind}, but this archive is a {GetType().Name}.");
        ReadConfiguration(reader);
        Storage.ReadState(reader, Codec);
        _statisticsStale = true;
    }

    /// <summary>
    /// Writes configuration that a checkpoint must match to be restored (e.g. a fingerprint of
    /// the cells), between the archive kind and the elites. The default writes nothing, so the
    /// checkpoint format of archives that do not override it is unchanged.
    /// </summary>
    protected virtual void WriteConfiguration(BinaryWriter writer) { }

    /// <summary>
    /// Reads what <see cref="WriteConfiguration"/> wrote and checks it against this archive,
    /// before any elite is restored. The default reads nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint came from a differently configured archive.</exception>
    protected virtual void ReadConfiguration(BinaryReader reader) { }

    /// <summary>Rents a scratch array from the shared pool (return it with <see cref="ArrayPool{T}.Shared"/>).</summary>
    protected static TItem[] Rent<TItem>(int length) => ArrayPool<TItem>.Shared.Rent(Math.Max(1, length));
}

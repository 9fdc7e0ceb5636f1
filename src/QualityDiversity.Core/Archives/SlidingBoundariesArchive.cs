using QualityDiversity.Persistence;

namespace QualityDiversity.Archives;

/// <summary>
/// A grid whose bin boundaries follow the distribution of the solutions found, after pyribs'
/// <c>SlidingBoundariesArchive</c> and the container of Fontaine et al. 2019 ("Mapping Hearthstone
/// Deck Spaces through MAP-Elites with Sliding Boundaries"): the archive keeps the
/// <see cref="BufferCapacity"/> most recent candidates and, after every
/// <see cref="RemapFrequency"/>-th candidate, moves each axis's boundaries to the quantiles of
/// the buffered measures and re-inserts its elites and the buffer.
/// </summary>
/// <remarks>
/// <para><b>Cells</b>: axis d has dims[d] bins; until the first remap they split the initial range
/// evenly. A measure v goes to the bin b of the boundaries e_0 &lt; … &lt; e_dims: v' = clip(v + ε,
/// e_0, e_dims − ε) with ε = 10⁻⁶, and b = max(0, #{k &lt; dims : e_k &lt; v'} − 1), so values
/// beyond the outer boundaries fall into the edge bins. Cells are numbered row-major.</para>
/// <para><b>Remap</b>: with the buffer's measures on axis d sorted as s_0 ≤ … ≤ s_(B−1),
/// e_j = s_⌊j·B/dims⌋ for j &lt; dims and e_dims = s_(B−1). The archive is then emptied and
/// refilled with plain MAP-Elites insertion: first its former elites in slot order, then the
/// buffered candidates from oldest to newest. Equal quantiles give empty bins; that is what the
/// measure distribution says.</para>
/// <para><b>Batch semantics</b>: unlike the other archives, candidates are inserted one at a time
/// in batch order (as pyribs does), because a remap may fall inside a batch; a candidate
/// therefore sees the earlier candidates of its batch. Each insertion is plain MAP-Elites: into
/// an empty cell (status <see cref="AddStatus.New"/>, value = objective) or over a worse elite
/// (<see cref="AddStatus.ImprovedExisting"/>, value = objective − elite's objective); otherwise
/// <see cref="AddStatus.NotAdded"/> with that (non-positive) difference. The candidate that
/// triggers a remap is judged against the refilled archive, where it is inserted last.</para>
/// <para>Soft thresholds (CMA-MAE) do not apply; the learning rate and threshold_min keep their
/// defaults.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class SlidingBoundariesArchive<T> : ArchiveBase<T>
{
    /// <summary>Default number of candidates between remaps (pyribs').</summary>
    public const int DefaultRemapFrequency = 100;

    /// <summary>Default number of recent candidates kept (pyribs').</summary>
    public const int DefaultBufferCapacity = 1000;

    /// <summary>Added to measures before binning, as on uniform grid axes.</summary>
    public const double Epsilon = GridAxis.Epsilon;

    private readonly int[] _dims;
    private readonly int[] _strides;
    private readonly (double Lower, double Upper)[] _initialRanges;
    private readonly double[][] _boundaries; // per axis, dims[d] + 1 values
    private readonly int _cellCount;
    private readonly RecentCandidates<T> _buffer;
    private long _seen;

    /// <summary>Creates the archive with even bins over <paramref name="ranges"/> until the first remap.</summary>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="dims">Bins per measure axis (each at least 1).</param>
    /// <param name="ranges">Initial (lower, upper) per measure axis.</param>
    /// <param name="remapFrequency">Candidates between remaps; at least 1.</param>
    /// <param name="bufferCapacity">Recent candidates kept for remapping; at least 1.</param>
    /// <param name="options">QD-score offset, features and codec; the learning rate and
    /// threshold_min must keep their defaults.</param>
    public SlidingBoundariesArchive(int solutionWidth, IReadOnlyList<int> dims, IReadOnlyList<(double Lower, double Upper)> ranges,
        int remapFrequency = DefaultRemapFrequency, int bufferCapacity = DefaultBufferCapacity, ArchiveOptions<T>? options = null)
        : base(CountCells(dims, ranges), solutionWidth, dims.Count, (options ??= new()).FeatureDim, double.NegativeInfinity, options.QdScoreOffset, options.Codec)
    {
        if (remapFrequency < 1) throw new ArgumentOutOfRangeException(nameof(remapFrequency), remapFrequency, "The remap frequency must be at least 1.");
        if (bufferCapacity < 1) throw new ArgumentOutOfRangeException(nameof(bufferCapacity), bufferCapacity, "The buffer capacity must be at least 1.");
        if (options.LearningRate != 1.0 || !double.IsNegativeInfinity(options.ThresholdMin))
            throw new ArgumentException("A sliding-boundaries archive has no soft thresholds; leave the learning rate at 1 and threshold_min at -infinity.", nameof(options));
        _dims = dims.ToArray();
        _initialRanges = ranges.ToArray();
        _strides = new int[_dims.Length];
        int stride = 1;
        for (int d = _dims.Length - 1; d >= 0; d--)
        {
            _strides[d] = stride;
            stride *= _dims[d];
        }
        _cellCount = stride;
        _boundaries = new double[_dims.Length][];
        for (int d = 0; d < _dims.Length; d++)
        {
            // The initial bins are those of a uniform grid axis.
            _boundaries[d] = GridAxis.Uniform(_dims[d], _initialRanges[d].Lower, _initialRanges[d].Upper, $"measure axis {d}").Edges.ToArray();
        }
        RemapFrequency = remapFrequency;
        BufferCapacity = bufferCapacity;
        _buffer = new RecentCandidates<T>(bufferCapacity, solutionWidth, _dims.Length, FeatureDim);
    }

    private static int CountCells(IReadOnlyList<int> dims, IReadOnlyList<(double Lower, double Upper)> ranges)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(ranges);
        if (dims.Count == 0) throw new ArgumentException("A sliding-boundaries archive needs at least one measure axis.", nameof(dims));
        if (dims.Count != ranges.Count)
            throw new ArgumentException($"Got {dims.Count} dims but {ranges.Count} ranges; give one range per measure axis.", nameof(ranges));
        long cells = 1;
        for (int d = 0; d < dims.Count; d++)
        {
            if (dims[d] < 1) throw new ArgumentOutOfRangeException(nameof(dims), dims[d], $"measure axis {d}: the number of bins must be positive.");
            cells *= dims[d];
            if (cells > int.MaxValue / 4) throw new ArgumentOutOfRangeException(nameof(dims), cells, "The archive has too many cells.");
        }
        return (int)cells;
    }

    /// <inheritdoc />
    public override int CellCount => _cellCount;

    /// <summary>Bins per axis.</summary>
    public IReadOnlyList<int> Dims => _dims;

    /// <summary>Candidates between remaps.</summary>
    public int RemapFrequency { get; }

    /// <summary>Number of recent candidates kept for remapping.</summary>
    public int BufferCapacity { get; }

    /// <summary>Number of candidates in the buffer.</summary>
    public int BufferCount => _buffer.Count;

    /// <summary>Number of candidates offered since construction or <see cref="Clear"/>.</summary>
    public long CandidatesSeen => _seen;

    /// <summary>The current boundaries of measure axis <paramref name="axis"/>: dims[axis] + 1 values.</summary>
    public ReadOnlySpan<double> Boundaries(int axis) => _boundaries[axis];

    /// <summary>The cell of <paramref name="measures"/> under the current boundaries.</summary>
    public int CellOf(ReadOnlySpan<double> measures)
    {
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Expected {MeasureDim} measures, got {measures.Length}.", nameof(measures));
        int cell = 0;
        for (int d = 0; d < _dims.Length; d++) cell += BinOf(d, measures[d]) * _strides[d];
        return cell;
    }

    private int BinOf(int axis, double value)
    {
        var edges = _boundaries[axis];
        int bins = _dims[axis];
        double lower = edges[0], upper = edges[bins] - Epsilon;
        double v = value + Epsilon;
        // clip(v, lower, upper) in numpy's order: the upper bound wins if they cross.
        if (v < lower) v = lower;
        if (v > upper) v = upper;
        // Count of edges[0..bins-1] strictly below v (a left-sided binary search).
        int lo = 0, hi = bins;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < v) lo = mid + 1; else hi = mid;
        }
        return Math.Max(0, lo - 1);
    }

    /// <inheritdoc />
    public override int FindSlot(ReadOnlySpan<double> measures)
    {
        int cell = CellOf(measures);
        return Storage.IsOccupied(cell) ? cell : -1;
    }

    /// <inheritdoc />
    private protected override void AddCore(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value)
    {
        var objectives = batch.Objectives.Span;
        var measures = batch.Measures.Span;
        var features = batch.Features.Span;
        int md = MeasureDim, fd = FeatureDim;
        bool hasFeatures = fd > 0 && !features.IsEmpty;
        for (int i = 0; i < batch.Count; i++)
        {
            var solution = batch.Solutions.Row(i);
            var m = measures.Slice(i * md, md);
            var f = hasFeatures ? features.Slice(i * fd, fd) : default;
            _buffer.Push(solution, objectives[i], m, f);
            _seen++;
            if (_seen % RemapFrequency == 0) Remap();
            (status[i], value[i]) = Insert(solution, objectives[i], m, f);
        }
    }

    // Plain MAP-Elites insertion of one candidate.
    private (AddStatus Status, double Value) Insert(ReadOnlySpan<T> solution, double objective, ReadOnlySpan<double> measures, ReadOnlySpan<double> features)
    {
        int cell = CellOf(measures);
        bool occupied = Storage.IsOccupied(cell);
        double current = occupied ? Storage.Objective(cell) : 0.0;
        double value = objective - current;
        if (occupied && !(objective > current)) return (AddStatus.NotAdded, value);
        Storage.Set(cell, solution, objective, measures, features);
        Storage.SetThreshold(cell, objective);
        return (occupied ? AddStatus.ImprovedExisting : AddStatus.New, value);
    }

    // Moves the boundaries to the buffer's quantiles and refills the archive with its former
    // elites and the buffer, except the newest buffered candidate, which the caller inserts.
    private void Remap()
    {
        int size = _buffer.Count, md = MeasureDim;
        var column = new double[size];
        for (int d = 0; d < md; d++)
        {
            for (int k = 0; k < size; k++) column[k] = _buffer.Measures(k)[d];
            Array.Sort(column);
            int bins = _dims[d];
            var edges = _boundaries[d];
            for (int j = 0; j < bins; j++) edges[j] = column[(int)((long)j * size / bins)];
            edges[bins] = column[size - 1];
        }

        // Copy the elites out before the store is emptied.
        int[] slots = Storage.OccupiedSlots.ToArray();
        Array.Sort(slots);
        int width = SolutionWidth, fd = FeatureDim;
        var solutions = new T[slots.Length * width];
        var objectives = new double[slots.Length];
        var measures = new double[slots.Length * md];
        var features = new double[slots.Length * fd];
        for (int i = 0; i < slots.Length; i++)
        {
            Storage.Solution(slots[i]).CopyTo(solutions.AsSpan(i * width, width));
            objectives[i] = Storage.Objective(slots[i]);
            Storage.Measures(slots[i]).CopyTo(measures.AsSpan(i * md, md));
            Storage.Features(slots[i]).CopyTo(features.AsSpan(i * fd, fd));
        }
        Storage.Clear();
        for (int i = 0; i < slots.Length; i++)
            Insert(solutions.AsSpan(i * width, width), objectives[i], measures.AsSpan(i * md, md), features.AsSpan(i * fd, fd));
        for (int k = 0; k < size - 1; k++)
            Insert(_buffer.Solution(k), _buffer.Objective(k), _buffer.Measures(k), _buffer.Features(k));
    }

    /// <inheritdoc />
    public override void Clear()
    {
        base.Clear();
        _buffer.Clear();
        _seen = 0;
        for (int d = 0; d < _dims.Length; d++)
            GridAxis.Uniform(_dims[d], _initialRanges[d].Lower, _initialRanges[d].Upper).Edges.CopyTo(_boundaries[d]);
    }

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        writer.Write(_dims.Length);
        for (int d = 0; d < _dims.Length; d++)
        {
            writer.Write(_dims[d]);
            writer.Write(_initialRanges[d].Lower);
            writer.Write(_initialRanges[d].Upper);
        }
        writer.Write(RemapFrequency);
        writer.Write(BufferCapacity);
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        int axes = reader.ReadInt32();
        if (axes != _dims.Length)
            throw new InvalidDataException($"Checkpoint was written by a sliding-boundaries archive with {axes} measure axes; this one has {_dims.Length}.");
        for (int d = 0; d < axes; d++)
        {
            int bins = reader.ReadInt32();
            double lower = reader.ReadDouble(), upper = reader.ReadDouble();
            if (bins != _dims[d] || lower != _initialRanges[d].Lower || upper != _initialRanges[d].Upper)
                throw new InvalidDataException(
                    $"Checkpoint was written by a sliding-boundaries archive whose axis {d} has {bins} bins over [{lower}, {upper}]; " +
                    $"this one's has {_dims[d]} over [{_initialRanges[d].Lower}, {_initialRanges[d].Upper}].");
        }
        int frequency = reader.ReadInt32(), capacity = reader.ReadInt32();
        if (frequency != RemapFrequency || capacity != BufferCapacity)
            throw new InvalidDataException(
                $"Checkpoint was written with remap frequency {frequency} and buffer capacity {capacity}; this archive has {RemapFrequency} and {BufferCapacity}.");
    }

    /// <inheritdoc />
    /// <remarks>After the elites: the boundaries, the number of candidates seen and the buffer.</remarks>
    public override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        foreach (var edges in _boundaries)
            foreach (double e in edges) writer.Write(e);
        writer.Write(_seen);
        _buffer.WriteState(writer, Codec);
    }

    /// <inheritdoc />
    public override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        try
        {
            var boundaries = new double[_dims.Length][];
            for (int d = 0; d < _dims.Length; d++)
            {
                boundaries[d] = new double[_dims[d] + 1];
                for (int j = 0; j < boundaries[d].Length; j++) boundaries[d][j] = reader.ReadDouble();
            }
            long seen = reader.ReadInt64();
            if (seen < 0) throw new InvalidDataException($"Checkpoint counts {seen} candidates seen.");
            _buffer.ReadState(reader, Codec);
            for (int d = 0; d < _dims.Length; d++) boundaries[d].CopyTo(_boundaries[d], 0);
            _seen = seen;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            Clear();
            throw new InvalidDataException($"The sliding-boundaries state after the elites is incomplete or corrupt: {e.Message}", e);
        }
    }
}

using System.Buffers;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;

namespace QualityDiversity.Archives.Depth;

/// <summary>
/// A <see cref="CellArchive{T}"/> whose cells also remember their best <see cref="Depth"/>
/// solutions, as QDAIF does (each cell keeps its best 100 texts, for few-shot prompts and
/// analysis, while only the best one counts for the QD score).
/// </summary>
/// <remarks>
/// <para>Every <see cref="IArchive{T}"/> member forwards to <see cref="Inner"/>, so elites, QD
/// score, coverage, statistics, sampling, thresholds and CMA-MAE behaviour are exactly the
/// inner archive's. The depth lists are a side record and never affect them.</para>
/// <para><see cref="Add(in CandidateBatch{T}, Span{AddStatus}, Span{double})"/> first offers the
/// batch to the inner archive, which rejects a malformed batch before anything changes; then
/// every candidate enters its cell's depth list, whether or not the inner archive accepted it,
/// because depth is about a cell's best k solutions, not about CMA-MAE thresholds. A list keeps
/// the <see cref="Depth"/> best by objective, best first; on ties the earlier solution stays.
/// Hence a cell can have depth entries while the inner archive holds no elite there.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class CellDepthArchive<T> : IArchive<T>
{
    private const string FormatTag = "QualityDiversity.CellDepthArchive";
    private const int FormatVersion = 1;

    private readonly ISolutionCodec<T>? _codec;
    // Created lazily: most cells of a large grid are never reached, and each list holds up to Depth entries.
    private readonly List<DepthEntry<T>>?[] _lists;
    private int _occupiedCells;

    /// <summary>Wraps <paramref name="inner"/>, keeping the best <paramref name="depth"/> solutions per cell.</summary>
    /// <param name="inner">The archive that holds the elites; it should be used only through this wrapper from now on.</param>
    /// <param name="depth">How many solutions each cell keeps, at least 1.</param>
    /// <param name="codec">Checkpoint codec for the depth lists' solution elements; null uses the built-in one for <typeparamref name="T"/> (double or string).</param>
    public CellDepthArchive(CellArchive<T> inner, int depth, ISolutionCodec<T>? codec = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Each cell must keep at least one solution (depth >= 1).");
        Inner = inner;
        Depth = depth;
        _codec = codec;
        _lists = new List<DepthEntry<T>>?[inner.CellCount];
    }

    /// <summary>How many solutions each cell keeps.</summary>
    public int Depth { get; }

    /// <summary>The wrapped archive, which holds the elites and decides every forwarded member.</summary>
    public CellArchive<T> Inner { get; }

    /// <inheritdoc />
    public int SolutionWidth => Inner.SolutionWidth;

    /// <inheritdoc />
    public int MeasureDim => Inner.MeasureDim;

    /// <inheritdoc />
    public int FeatureDim => Inner.FeatureDim;

    /// <inheritdoc />
    public int CellCount => Inner.CellCount;

    /// <inheritdoc />
    public double QdScoreOffset => Inner.QdScoreOffset;

    /// <inheritdoc />
    public int Count => Inner.Count;

    /// <inheritdoc />
    public bool IsEmpty => Inner.IsEmpty;

    /// <inheritdoc />
    public IReadOnlyEliteStore<T> Store => Inner.Store;

    /// <inheritdoc />
    public ArchiveStatistics Statistics => Inner.Statistics;

    /// <summary>Number of solutions kept in <paramref name="cell"/>'s depth list.</summary>
    public int DepthCount(int cell) => ListOf(cell)?.Count ?? 0;

    /// <summary>
    /// The solutions kept in <paramref name="cell"/>, best first. The list is a snapshot (later
    /// adds do not change it); the entries are the stored ones.
    /// </summary>
    public IReadOnlyList<DepthEntry<T>> CellEntries(int cell)
    {
        var list = ListOf(cell);
        return list is null || list.Count == 0 ? Array.Empty<DepthEntry<T>>() : list.ToArray();
    }

    /// <summary>
    /// Every kept solution, by ascending cell and best first within a cell. Each cell is
    /// snapshotted as it is reached, so the archive may be added to while enumerating.
    /// </summary>
    public IEnumerable<(int Cell, DepthEntry<T> Entry)> AllEntries()
    {
        for (int cell = 0; cell < _lists.Length; cell++)
        {
            var list = _lists[cell];
            if (list is null || list.Count == 0) continue;
            foreach (var entry in list.ToArray()) yield return (cell, entry);
        }
    }

    /// <summary>
    /// Cells whose depth list is not empty, ascending. This can include cells where the inner
    /// archive holds no elite (candidates below a CMA-MAE threshold still enter depth).
    /// </summary>
    public IEnumerable<int> OccupiedCells()
    {
        for (int cell = 0; cell < _lists.Length; cell++)
        {
            if (_lists[cell] is { Count: > 0 }) yield return cell;
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
        // The inner archive validates the whole batch (and the buffers) before changing anything,
        // so a malformed batch throws here with the depth lists untouched.
        Inner.Add(batch, status, value);
        int n = batch.Count;
        if (n == 0) return;

        var objectives = batch.Objectives.Span;
        var measures = batch.Measures.Span;
        var features = batch.Features.Span;
        int measureDim = MeasureDim, featureDim = FeatureDim;
        bool hasFeatures = featureDim > 0 && !features.IsEmpty;
        int[] cells = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Inner.CellsOf(measures, cells.AsSpan(0, n));
            // Candidates go in batch order, so within a batch the earlier of two equal objectives stays.
            for (int i = 0; i < n; i++)
            {
                int cell = cells[i];
                double f = objectives[i];
                var list = _lists[cell];
                int at = list is null ? 0 : InsertionIndex(list, f);
                if (at >= Depth) continue; // not among the best k: skip before copying anything

                // Like the elite store: zeros when the batch gives no features.
                double[] kept = featureDim == 0 ? [] : new double[featureDim];
                if (hasFeatures) features.Slice(i * featureDim, featureDim).CopyTo(kept);
                var entry = new DepthEntry<T>(batch.Solutions.Row(i).ToArray(), f,
                    measures.Slice(i * measureDim, measureDim).ToArray(), kept);

                if (list is null)
                {
                    list = new List<DepthEntry<T>>(Math.Min(Depth, 4));
                    _lists[cell] = list;
                }
                if (list.Count == 0) _occupiedCells++;
                if (list.Count == Depth) list.RemoveAt(Depth - 1);
                list.Insert(at, entry);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cells);
        }
    }

    /// <summary>
    /// Where an objective <paramref name="f"/> goes in a best-first list: after every entry at
    /// least as good, so that equal objectives keep their arrival order.
    /// </summary>
    private static int InsertionIndex(List<DepthEntry<T>> list, double f)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].Objective >= f) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private List<DepthEntry<T>>? ListOf(int cell)
    {
        if ((uint)cell >= (uint)_lists.Length)
            throw new ArgumentOutOfRangeException(nameof(cell), cell, $"The archive has {_lists.Length} cells.");
        return _lists[cell];
    }

    /// <inheritdoc />
    public void SampleSlots(RandomSource random, Span<int> slots) => Inner.SampleSlots(random, slots);

    /// <inheritdoc />
    public int FindSlot(ReadOnlySpan<double> measures) => Inner.FindSlot(measures);

    /// <inheritdoc />
    public IEnumerable<Elite<T>> Elites() => Inner.Elites();

    /// <summary>Removes every elite, resets thresholds and empties every depth list.</summary>
    public void Clear()
    {
        Inner.Clear();
        Array.Clear(_lists); // drop the lists too, so a cleared archive holds no memory per cell
        _occupiedCells = 0;
    }

    private ISolutionCodec<T> Codec => _codec ?? SolutionCodecs.For<T>();

    /// <summary>
    /// Writes a header (format tag, depth, cell count), the inner archive's state, then the depth
    /// lists. The header comes first so that <see cref="ReadState"/> can reject a mismatched
    /// checkpoint before it changes anything.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var codec = Codec;
        writer.Write(FormatTag);
        writer.Write(FormatVersion);
        writer.Write(Depth);
        writer.Write(CellCount);
        Inner.WriteState(writer);

        writer.Write(_occupiedCells);
        for (int cell = 0; cell < _lists.Length; cell++)
        {
            var list = _lists[cell];
            if (list is null || list.Count == 0) continue;
            writer.Write(cell);
            writer.Write(list.Count);
            foreach (var entry in list)
            {
                foreach (var element in entry.Solution) codec.Write(writer, element);
                writer.Write(entry.Objective);
                foreach (double m in entry.Measures) writer.Write(m);
                foreach (double x in entry.Features) writer.Write(x);
            }
        }
    }

    /// <summary>
    /// Restores a state written by <see cref="WriteState"/> into an archive with the same depth
    /// and inner configuration. The depth lists are read in full before they replace the current
    /// ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is not a depth archive's, or its depth, cells or lists do not fit this archive.</exception>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var codec = Codec;
        string tag = reader.ReadString();
        if (tag != FormatTag)
            throw new InvalidDataException($"Checkpoint does not hold a cell depth archive (it starts with \"{tag}\"); was it written by a plain archive?");
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"Checkpoint holds cell depth archive format {version}; this version reads format {FormatVersion}.");
        int depth = reader.ReadInt32();
        if (depth != Depth)
            throw new InvalidDataException($"Checkpoint keeps the best {depth} solutions per cell, but this archive keeps {Depth}; restore with depth {depth}.");
        int cellCount = reader.ReadInt32();
        if (cellCount != CellCount)
            throw new InvalidDataException($"Checkpoint was written by a depth archive with {cellCount} cells; this archive has {CellCount}.");

        Inner.ReadState(reader);

        var lists = new List<DepthEntry<T>>?[CellCount];
        int occupied = reader.ReadInt32();
        if (occupied < 0 || occupied > CellCount)
            throw new InvalidDataException($"Checkpoint lists {occupied} cells with depth entries; this archive has {CellCount} cells.");
        int width = SolutionWidth, measureDim = MeasureDim, featureDim = FeatureDim;
        int previousCell = -1;
        for (int c = 0; c < occupied; c++)
        {
            int cell = reader.ReadInt32();
            if (cell <= previousCell || cell >= CellCount)
                throw new InvalidDataException($"Checkpoint depth list for cell {cell} is out of order or outside [0, {CellCount}).");
            previousCell = cell;
            int count = reader.ReadInt32();
            if (count < 1 || count > Depth)
                throw new InvalidDataException($"Checkpoint cell {cell} holds {count} depth entries; expected 1 to {Depth}.");
            var list = new List<DepthEntry<T>>(count);
            for (int k = 0; k < count; k++)
            {
                var solution = new T[width];
                for (int j = 0; j < width; j++) solution[j] = codec.Read(reader);
                double objective = reader.ReadDouble();
                var measures = new double[measureDim];
                for (int j = 0; j < measureDim; j++) measures[j] = reader.ReadDouble();
                var features = new double[featureDim];
                for (int j = 0; j < featureDim; j++) features[j] = reader.ReadDouble();
                if (k > 0 && !(objective <= list[k - 1].Objective))
                    throw new InvalidDataException($"Checkpoint cell {cell}: depth entry {k} (objective {objective}) is better than the one before it; lists must be best first.");
                list.Add(new DepthEntry<T>(solution, objective, measures, features));
            }
            lists[cell] = list;
        }
        Array.Copy(lists, _lists, lists.Length);
        _occupiedCells = occupied;
    }
}

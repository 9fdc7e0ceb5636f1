using System.Runtime.CompilerServices;
using QualityDiversity.Persistence;

namespace QualityDiversity.Archives;

/// <summary>
/// Struct-of-arrays storage of elites: one flat array per field, no object per elite. Objectives
/// and thresholds are indexed by slot; solutions, measures and features are packed in the order
/// of the dense list of occupied slots (row k belongs to the k-th occupied slot), so memory grows
/// with the elites, not with the cells: a sparsely filled million-cell grid of 1,000-D solutions
/// holds only its elites' rows. Only archives change it; everyone else reads it as an
/// <see cref="IReadOnlyEliteStore{T}"/>.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
internal sealed class EliteStore<T> : IReadOnlyEliteStore<T>
{
    private T[] _solutions;
    private double[] _objectives;
    private double[] _measures;
    private double[] _features;
    private double[] _thresholds;
    private int[] _positionOf; // slot -> index in _occupiedSlots (and row of its data), or -1
    private int[] _occupiedSlots;
    private readonly T[] _emptySolution;          // what an empty slot reads as
    private readonly double[] _emptyMeasures, _emptyFeatures;

    /// <summary>Creates a store with room for <paramref name="capacity"/> slots.</summary>
    public EliteStore(int capacity, int solutionWidth, int measureDim, int featureDim, double initialThreshold)
    {
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        if (solutionWidth <= 0) throw new ArgumentOutOfRangeException(nameof(solutionWidth), solutionWidth, "Solution width must be positive.");
        if (measureDim <= 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "Measure dimension must be positive.");
        if (featureDim < 0) throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "Feature dimension cannot be negative.");
        SolutionWidth = solutionWidth;
        MeasureDim = measureDim;
        FeatureDim = featureDim;
        InitialThreshold = initialThreshold;
        _solutions = [];
        _objectives = new double[capacity];
        _measures = [];
        _features = [];
        _emptySolution = new T[solutionWidth];
        _emptyMeasures = new double[measureDim];
        _emptyFeatures = new double[featureDim];
        _thresholds = new double[capacity];
        _thresholds.AsSpan().Fill(initialThreshold);
        _positionOf = new int[capacity];
        _positionOf.AsSpan().Fill(-1);
        _occupiedSlots = new int[capacity];
    }

    /// <summary>Elements per solution.</summary>
    public int SolutionWidth { get; }

    /// <summary>Measures per elite.</summary>
    public int MeasureDim { get; }

    /// <summary>Features per elite (0 when none are kept).</summary>
    public int FeatureDim { get; }

    /// <summary>Threshold of a slot that has never been filled.</summary>
    public double InitialThreshold { get; }

    /// <summary>Number of slots.</summary>
    public int Capacity => _objectives.Length;

    /// <summary>Number of occupied slots.</summary>
    public int Count { get; private set; }

    /// <summary>The occupied slots, in insertion order up to removals.</summary>
    public ReadOnlySpan<int> OccupiedSlots => _occupiedSlots.AsSpan(0, Count);

    /// <summary>Whether <paramref name="slot"/> holds an elite.</summary>
    public bool IsOccupied(int slot) => _positionOf[slot] >= 0;

    /// <summary>The solution stored in <paramref name="slot"/> (default values when it is empty).</summary>
    // Called once per child by the variation operators: optimised from the first call, as it is
    // reached through the interface and so is not inlined into them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Solution(int slot)
    {
        int row = _positionOf[slot];
        return row < 0 ? _emptySolution : _solutions.AsSpan(row * SolutionWidth, SolutionWidth);
    }

    /// <summary>The objective stored in <paramref name="slot"/>.</summary>
    public double Objective(int slot) => _objectives[slot];

    /// <summary>The measures stored in <paramref name="slot"/> (zeros when it is empty).</summary>
    public ReadOnlySpan<double> Measures(int slot)
    {
        int row = _positionOf[slot];
        return row < 0 ? _emptyMeasures : _measures.AsSpan(row * MeasureDim, MeasureDim);
    }

    /// <summary>The features stored in <paramref name="slot"/> (zeros when it is empty).</summary>
    public ReadOnlySpan<double> Features(int slot)
    {
        int row = _positionOf[slot];
        return row < 0 ? _emptyFeatures : _features.AsSpan(row * FeatureDim, FeatureDim);
    }

    /// <summary>The acceptance threshold of <paramref name="slot"/>.</summary>
    public double Threshold(int slot) => _thresholds[slot];

    /// <inheritdoc />
    public Elite<T> EliteAt(int slot)
    {
        if ((uint)slot >= (uint)Capacity || !IsOccupied(slot))
            throw new ArgumentOutOfRangeException(nameof(slot), slot, "The slot holds no elite.");
        return new Elite<T>(slot, Solution(slot).ToArray(), Objective(slot), Measures(slot).ToArray(), Features(slot).ToArray(), Threshold(slot));
    }

    /// <summary>Sets the acceptance threshold of <paramref name="slot"/>.</summary>
    public void SetThreshold(int slot, double threshold) => _thresholds[slot] = threshold;

    /// <summary>Grows the store to at least <paramref name="capacity"/> slots.</summary>
    public void EnsureCapacity(int capacity)
    {
        int old = Capacity;
        if (capacity <= old) return;
        int size = Math.Max(capacity, Math.Max(16, old * 2));
        Array.Resize(ref _objectives, size);
        Array.Resize(ref _thresholds, size);
        _thresholds.AsSpan(old).Fill(InitialThreshold);
        Array.Resize(ref _positionOf, size);
        _positionOf.AsSpan(old).Fill(-1);
        Array.Resize(ref _occupiedSlots, size);
    }

    /// <summary>Writes an elite into <paramref name="slot"/>, marking it occupied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(int slot, ReadOnlySpan<T> solution, double objective, ReadOnlySpan<double> measures, ReadOnlySpan<double> features)
    {
        int row = _positionOf[slot];
        if (row < 0)
        {
            row = Count;
            EnsureRows(row + 1);
            _positionOf[slot] = row;
            _occupiedSlots[Count++] = slot;
        }
        solution.CopyTo(_solutions.AsSpan(row * SolutionWidth, SolutionWidth));
        _objectives[slot] = objective;
        measures.CopyTo(_measures.AsSpan(row * MeasureDim, MeasureDim));
        if (FeatureDim > 0)
        {
            var target = _features.AsSpan(row * FeatureDim, FeatureDim);
            if (features.IsEmpty) target.Clear(); else features.CopyTo(target);
        }
    }

    // Room for rows elites' data, grown geometrically (as far as the slot count) so adds stay O(1) amortised.
    private void EnsureRows(int rows)
    {
        int have = _measures.Length / MeasureDim;
        if (rows <= have) return;
        int size = (int)Math.Min(Capacity, Math.Max(rows, Math.Max(64, 2L * have)));
        Array.Resize(ref _solutions, size * SolutionWidth);
        Array.Resize(ref _measures, size * MeasureDim);
        Array.Resize(ref _features, size * FeatureDim);
    }

    /// <summary>Empties <paramref name="slot"/> (its threshold is kept).</summary>
    public void Remove(int slot)
    {
        int position = _positionOf[slot];
        if (position < 0) return;
        int lastPosition = --Count;
        int last = _occupiedSlots[lastPosition];
        _occupiedSlots[position] = last;
        _positionOf[last] = position;
        _positionOf[slot] = -1;
        // The last elite's rows move into the freed ones, keeping the rows packed.
        if (position != lastPosition)
        {
            _solutions.AsSpan(lastPosition * SolutionWidth, SolutionWidth).CopyTo(_solutions.AsSpan(position * SolutionWidth, SolutionWidth));
            _measures.AsSpan(lastPosition * MeasureDim, MeasureDim).CopyTo(_measures.AsSpan(position * MeasureDim, MeasureDim));
            _features.AsSpan(lastPosition * FeatureDim, FeatureDim).CopyTo(_features.AsSpan(position * FeatureDim, FeatureDim));
        }
        if (default(T) is null) _solutions.AsSpan(lastPosition * SolutionWidth, SolutionWidth).Clear();
    }

    /// <summary>Removes every elite and resets every threshold.</summary>
    public void Clear()
    {
        foreach (int slot in OccupiedSlots) _positionOf[slot] = -1;
        Count = 0;
        if (default(T) is null) Array.Clear(_solutions);
        _thresholds.AsSpan().Fill(InitialThreshold);
    }

    /// <summary>Writes the store (only occupied slots' data and every threshold).</summary>
    public void WriteState(BinaryWriter writer, ISolutionCodec<T> codec)
    {
        writer.Write(Capacity);
        writer.Write(SolutionWidth);
        writer.Write(MeasureDim);
        writer.Write(FeatureDim);
        writer.Write(Count);
        foreach (int slot in OccupiedSlots)
        {
            writer.Write(slot);
            foreach (var element in Solution(slot)) codec.Write(writer, element);
            writer.Write(_objectives[slot]);
            foreach (double m in Measures(slot)) writer.Write(m);
            foreach (double f in Features(slot)) writer.Write(f);
        }
        for (int i = 0; i < Capacity; i++) writer.Write(_thresholds[i]);
    }

    /// <summary>Restores a store written by <see cref="WriteState"/>, replacing the contents.</summary>
    /// <exception cref="InvalidDataException">The widths recorded do not match this store.</exception>
    public void ReadState(BinaryReader reader, ISolutionCodec<T> codec)
    {
        int capacity = reader.ReadInt32();
        int width = reader.ReadInt32(), measureDim = reader.ReadInt32(), featureDim = reader.ReadInt32();
        if (width != SolutionWidth || measureDim != MeasureDim || featureDim != FeatureDim)
            throw new InvalidDataException(
                $"Checkpoint archive has solution/measure/feature widths {width}/{measureDim}/{featureDim}, " +
                $"but this archive has {SolutionWidth}/{MeasureDim}/{FeatureDim}.");
        Clear();
        EnsureCapacity(capacity);
        int count = reader.ReadInt32();
        var solution = new T[SolutionWidth];
        var measures = new double[MeasureDim];
        var features = new double[FeatureDim];
        for (int i = 0; i < count; i++)
        {
            int slot = reader.ReadInt32();
            for (int j = 0; j < solution.Length; j++) solution[j] = codec.Read(reader);
            double objective = reader.ReadDouble();
            for (int j = 0; j < measures.Length; j++) measures[j] = reader.ReadDouble();
            for (int j = 0; j < features.Length; j++) features[j] = reader.ReadDouble();
            Set(slot, solution, objective, measures, features);
        }
        for (int i = 0; i < capacity; i++) _thresholds[i] = reader.ReadDouble();
    }
}

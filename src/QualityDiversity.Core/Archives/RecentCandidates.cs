using QualityDiversity.Persistence;

namespace QualityDiversity.Archives;

/// <summary>
/// A ring buffer of the most recent candidates (solution, objective, measures, features): once
/// full, each new candidate overwrites the oldest. Index 0 is the oldest.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
internal sealed class RecentCandidates<T>
{
    private readonly int _capacity, _width, _measureDim, _featureDim;
    private readonly T[] _solutions;
    private readonly double[] _objectives;
    private readonly double[] _measures;
    private readonly double[] _features;
    private int _start; // physical index of the oldest entry

    public RecentCandidates(int capacity, int width, int measureDim, int featureDim)
    {
        _capacity = capacity;
        _width = width;
        _measureDim = measureDim;
        _featureDim = featureDim;
        _solutions = new T[capacity * width];
        _objectives = new double[capacity];
        _measures = new double[capacity * measureDim];
        _features = new double[capacity * featureDim];
    }

    /// <summary>Number of candidates held.</summary>
    public int Count { get; private set; }

    private int Physical(int index) => (_start + index) % _capacity;

    public ReadOnlySpan<T> Solution(int index) => _solutions.AsSpan(Physical(index) * _width, _width);

    public double Objective(int index) => _objectives[Physical(index)];

    public ReadOnlySpan<double> Measures(int index) => _measures.AsSpan(Physical(index) * _measureDim, _measureDim);

    public ReadOnlySpan<double> Features(int index) => _features.AsSpan(Physical(index) * _featureDim, _featureDim);

    /// <summary>Appends a candidate, dropping the oldest when full. Missing features are stored as zeros.</summary>
    public void Push(ReadOnlySpan<T> solution, double objective, ReadOnlySpan<double> measures, ReadOnlySpan<double> features)
    {
        int slot;
        if (Count < _capacity)
        {
            slot = Physical(Count);
            Count++;
        }
        else
        {
            slot = _start;
            _start = (_start + 1) % _capacity;
        }
        solution.CopyTo(_solutions.AsSpan(slot * _width, _width));
        _objectives[slot] = objective;
        measures.CopyTo(_measures.AsSpan(slot * _measureDim, _measureDim));
        var f = _features.AsSpan(slot * _featureDim, _featureDim);
        if (features.IsEmpty) f.Clear(); else features.CopyTo(f);
    }

    public void Clear()
    {
        Count = 0;
        _start = 0;
        if (default(T) is null) Array.Clear(_solutions);
    }

    /// <summary>Writes the candidates from oldest to newest.</summary>
    public void WriteState(BinaryWriter writer, ISolutionCodec<T> codec)
    {
        writer.Write(Count);
        for (int i = 0; i < Count; i++)
        {
            foreach (var element in Solution(i)) codec.Write(writer, element);
            writer.Write(Objective(i));
            foreach (double m in Measures(i)) writer.Write(m);
            foreach (double f in Features(i)) writer.Write(f);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote; the buffer changes only when all of it was read.</summary>
    public void ReadState(BinaryReader reader, ISolutionCodec<T> codec)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > _capacity)
            throw new InvalidDataException($"Checkpoint buffer holds {count} candidates; the capacity is {_capacity}.");
        var solutions = new T[count * _width];
        var objectives = new double[count];
        var measures = new double[count * _measureDim];
        var features = new double[count * _featureDim];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < _width; j++) solutions[i * _width + j] = codec.Read(reader);
            objectives[i] = reader.ReadDouble();
            for (int j = 0; j < _measureDim; j++) measures[i * _measureDim + j] = reader.ReadDouble();
            for (int j = 0; j < _featureDim; j++) features[i * _featureDim + j] = reader.ReadDouble();
        }
        Clear();
        for (int i = 0; i < count; i++)
            Push(solutions.AsSpan(i * _width, _width), objectives[i], measures.AsSpan(i * _measureDim, _measureDim), features.AsSpan(i * _featureDim, _featureDim));
    }
}

namespace QualityDiversity.Archives;

/// <summary>
/// An archive over categorical measures: each measure axis is a set of labels (e.g. genre ×
/// tone), and each combination of labels is a cell, numbered row-major like
/// <see cref="GridArchive{T}"/> (the last axis varies fastest).
/// </summary>
/// <remarks>
/// <para>Measures arrive as doubles holding each label's index on its axis (0 to L - 1); use
/// <see cref="MeasuresOf"/> to convert labels. A batch holding a non-integer or out-of-range
/// index is rejected whole with an <see cref="ArchiveInputException"/> (field "measures").</para>
/// <para>Thresholds, batch semantics and CMA-MAE updates are those of <see cref="CellArchive{T}"/>.
/// Checkpoints record the labels, and restoring into an archive with other labels raises
/// <see cref="InvalidDataException"/>.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class CategoricalArchive<T> : CellArchive<T>
{
    private readonly string[][] _labels;
    private readonly Dictionary<string, int>[] _indexOf;
    private readonly int[] _strides;

    /// <summary>An archive whose axis <c>d</c> takes the labels <paramref name="axes"/>[d].</summary>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="axes">Labels per axis: at least one axis, each with at least one distinct, non-null label.</param>
    /// <param name="options">Thresholds, QD-score offset, features, codec.</param>
    public CategoricalArchive(int solutionWidth, IReadOnlyList<IReadOnlyList<string>> axes, ArchiveOptions<T>? options = null)
        : base(CountCells(axes), solutionWidth, axes.Count, options)
    {
        _labels = new string[axes.Count][];
        _indexOf = new Dictionary<string, int>[axes.Count];
        for (int d = 0; d < axes.Count; d++)
        {
            _labels[d] = axes[d].ToArray();
            _indexOf[d] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < _labels[d].Length; i++)
            {
                if (!_indexOf[d].TryAdd(_labels[d][i], i))
                    throw new ArgumentException($"Axis {d} lists the label \"{_labels[d][i]}\" twice (at {_indexOf[d][_labels[d][i]]} and {i}); labels must be distinct.", nameof(axes));
            }
        }
        _strides = new int[_labels.Length];
        int stride = 1;
        for (int d = _labels.Length - 1; d >= 0; d--)
        {
            _strides[d] = stride;
            stride *= _labels[d].Length;
        }
    }

    private static int CountCells(IReadOnlyList<IReadOnlyList<string>> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0) throw new ArgumentException("A categorical archive needs at least one axis.", nameof(axes));
        long cells = 1;
        for (int d = 0; d < axes.Count; d++)
        {
            var labels = axes[d] ?? throw new ArgumentException($"Axis {d} is null.", nameof(axes));
            if (labels.Count == 0) throw new ArgumentException($"Axis {d} has no labels; each axis needs at least one.", nameof(axes));
            for (int i = 0; i < labels.Count; i++)
            {
                if (labels[i] is null) throw new ArgumentException($"Axis {d}, label {i} is null.", nameof(axes));
            }
            cells *= labels.Count;
            if (cells > int.MaxValue / 4) throw new ArgumentOutOfRangeException(nameof(axes), cells, "The archive has too many cells.");
        }
        return (int)cells;
    }

    /// <summary>Labels per axis.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Axes => _labels;

    /// <summary>Number of labels per axis.</summary>
    public int[] Dims => _labels.Select(l => l.Length).ToArray();

    /// <summary>The index of <paramref name="label"/> on axis <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentException">The axis has no such label.</exception>
    public int IndexOf(int axis, string label)
    {
        if ((uint)axis >= (uint)_labels.Length) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"The archive has {_labels.Length} axes.");
        ArgumentNullException.ThrowIfNull(label);
        if (_indexOf[axis].TryGetValue(label, out int index)) return index;
        throw new ArgumentException($"Axis {axis} has no label \"{label}\"; its labels are {string.Join(", ", _labels[axis].Select(l => $"\"{l}\""))}.", nameof(label));
    }

    /// <summary>The measure vector (label indices as doubles) of one label per axis.</summary>
    /// <exception cref="ArgumentException">The number of labels is not the number of axes, or a label is unknown.</exception>
    public double[] MeasuresOf(params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != _labels.Length)
            throw new ArgumentException($"Got {labels.Length} labels; give one per axis ({_labels.Length}).", nameof(labels));
        var measures = new double[labels.Length];
        for (int d = 0; d < labels.Length; d++) measures[d] = IndexOf(d, labels[d]);
        return measures;
    }

    /// <summary>The cell of one label per axis.</summary>
    public int CellOfLabels(params string[] labels) => CellOf(MeasuresOf(labels));

    /// <summary>The labels (one per axis) of cell <paramref name="cell"/>.</summary>
    public string[] LabelsOf(int cell)
    {
        if ((uint)cell >= (uint)CellCount) throw new ArgumentOutOfRangeException(nameof(cell), cell, $"The archive has {CellCount} cells.");
        var labels = new string[_labels.Length];
        for (int d = 0; d < labels.Length; d++)
        {
            int index = cell / _strides[d];
            cell -= index * _strides[d];
            labels[d] = _labels[d][index];
        }
        return labels;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A measure is not the index of a label on its axis.</exception>
    public override int CellOf(ReadOnlySpan<double> measures)
    {
        if (measures.Length != _labels.Length)
            throw new ArgumentException($"Expected {_labels.Length} measures, got {measures.Length}.", nameof(measures));
        int cell = 0;
        for (int d = 0; d < measures.Length; d++)
        {
            if (!IsLabelIndex(measures[d], d))
                throw new ArgumentException(DescribeBadIndex(d, measures[d]), nameof(measures));
            cell += (int)measures[d] * _strides[d];
        }
        return cell;
    }

    /// <inheritdoc />
    protected override void ValidateMeasures(int candidateIndex, ReadOnlySpan<double> measures)
    {
        for (int d = 0; d < measures.Length; d++)
        {
            if (!IsLabelIndex(measures[d], d))
                throw new ArchiveInputException($"Candidate {candidateIndex}: {DescribeBadIndex(d, measures[d])}", "measures", candidateIndex);
        }
    }

    private bool IsLabelIndex(double value, int axis) =>
        value >= 0 && value < _labels[axis].Length && value == Math.Floor(value);

    private string DescribeBadIndex(int axis, double value) =>
        $"measure {axis} is {value}, but axis {axis} takes a label index, an integer from 0 to {_labels[axis].Length - 1}.";

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        writer.Write(_labels.Length);
        foreach (var axis in _labels)
        {
            writer.Write(axis.Length);
            foreach (string label in axis) writer.Write(label);
        }
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        int axes = reader.ReadInt32();
        if (axes != _labels.Length)
            throw new InvalidDataException($"Checkpoint was written by a categorical archive with {axes} axes; this archive has {_labels.Length}.");
        for (int d = 0; d < axes; d++)
        {
            int count = reader.ReadInt32();
            if (count != _labels[d].Length)
                throw new InvalidDataException($"Checkpoint axis {d} has {count} labels; this archive's axis {d} has {_labels[d].Length}.");
            for (int i = 0; i < count; i++)
            {
                string label = reader.ReadString();
                if (label != _labels[d][i])
                    throw new InvalidDataException($"Checkpoint axis {d}, label {i} is \"{label}\"; this archive has \"{_labels[d][i]}\" there. Labels must match in order to resume.");
            }
        }
    }
}

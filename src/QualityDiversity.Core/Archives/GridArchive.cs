using System.Runtime.CompilerServices;
namespace QualityDiversity.Archives;

/// <summary>
/// MAP-Elites grid archive: the measure space is divided into a grid of cells, uniform per axis
/// or with explicit bin edges. Cells are numbered row-major (the last axis varies fastest).
/// </summary>
/// <typeparam name="T">Element type of a solution row (double for vectors).</typeparam>
public sealed class GridArchive<T> : CellArchive<T>
{
    private readonly GridAxis[] _axes;
    private readonly int[] _strides;

    /// <summary>A grid with <paramref name="dims"/>[d] equal bins over <paramref name="ranges"/>[d] per axis.</summary>
    /// <param name="solutionWidth">Elements per solution (the solution dimension for vectors).</param>
    /// <param name="dims">Bins per measure axis.</param>
    /// <param name="ranges">(lower, upper) per measure axis.</param>
    /// <param name="options">Thresholds, QD-score offset, features, codec.</param>
    public GridArchive(int solutionWidth, IReadOnlyList<int> dims, IReadOnlyList<(double Lower, double Upper)> ranges, ArchiveOptions<T>? options = null)
        : this(solutionWidth, BuildUniformAxes(dims, ranges), options) { }

    /// <summary>A grid over the given axes (uniform or explicit edges).</summary>
    public GridArchive(int solutionWidth, IReadOnlyList<GridAxis> axes, ArchiveOptions<T>? options = null)
        : base(CountCells(axes), solutionWidth, axes.Count, options)
    {
        _axes = axes.ToArray();
        _strides = new int[_axes.Length];
        int stride = 1;
        for (int d = _axes.Length - 1; d >= 0; d--)
        {
            _strides[d] = stride;
            stride *= _axes[d].Bins;
        }
    }

    private static GridAxis[] BuildUniformAxes(IReadOnlyList<int> dims, IReadOnlyList<(double Lower, double Upper)> ranges)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(ranges);
        if (dims.Count == 0) throw new ArgumentException("A grid needs at least one measure axis.", nameof(dims));
        if (dims.Count != ranges.Count)
            throw new ArgumentException($"Got {dims.Count} dims but {ranges.Count} ranges; give one range per measure axis.", nameof(ranges));
        var axes = new GridAxis[dims.Count];
        for (int d = 0; d < axes.Length; d++) axes[d] = GridAxis.Uniform(dims[d], ranges[d].Lower, ranges[d].Upper, $"measure axis {d}");
        return axes;
    }

    private static int CountCells(IReadOnlyList<GridAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0) throw new ArgumentException("A grid needs at least one measure axis.", nameof(axes));
        long cells = 1;
        foreach (var axis in axes) cells *= axis.Bins;
        if (cells > int.MaxValue / 4) throw new ArgumentOutOfRangeException(nameof(axes), cells, "The grid has too many cells.");
        return (int)cells;
    }

    /// <summary>The axes of the grid.</summary>
    public IReadOnlyList<GridAxis> Axes => _axes;

    /// <summary>Bins per axis.</summary>
    public int[] Dims => _axes.Select(a => a.Bins).ToArray();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int CellOf(ReadOnlySpan<double> measures)
    {
        int cell = 0;
        for (int d = 0; d < _axes.Length; d++) cell += _axes[d].BinOf(measures[d]) * _strides[d];
        return cell;
    }

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        writer.Write(_axes.Length);
        foreach (var axis in _axes)
        {
            writer.Write(axis.Bins);
            foreach (double edge in axis.Edges) writer.Write(edge);
        }
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        int axes = reader.ReadInt32();
        if (axes != _axes.Length)
            throw new InvalidDataException($"Checkpoint was written by a grid with {axes} measure axes; this grid has {_axes.Length}.");
        for (int d = 0; d < axes; d++)
        {
            int bins = reader.ReadInt32();
            var edges = new double[bins + 1];
            for (int i = 0; i < edges.Length; i++) edges[i] = reader.ReadDouble();
            if (bins != _axes[d].Bins || !edges.AsSpan().SequenceEqual(_axes[d].Edges))
                throw new InvalidDataException(
                    $"Checkpoint was written by a grid whose axis {d} has {bins} bins over [{edges[0]}, {edges[^1]}]; " +
                    $"this grid's axis {d} has {_axes[d].Bins} bins over [{_axes[d].Lower}, {_axes[d].Upper}].");
        }
    }

    /// <summary>The per-axis grid coordinates of cell <paramref name="cell"/>.</summary>
    public int[] GridIndexOf(int cell)
    {
        if ((uint)cell >= (uint)CellCount) throw new ArgumentOutOfRangeException(nameof(cell));
        var index = new int[_axes.Length];
        for (int d = 0; d < index.Length; d++)
        {
            index[d] = cell / _strides[d];
            cell -= index[d] * _strides[d];
        }
        return index;
    }

    /// <summary>The cell at per-axis grid coordinates <paramref name="gridIndex"/>.</summary>
    public int CellAt(ReadOnlySpan<int> gridIndex)
    {
        if (gridIndex.Length != _axes.Length) throw new ArgumentException($"Expected {_axes.Length} coordinates.", nameof(gridIndex));
        int cell = 0;
        for (int d = 0; d < _axes.Length; d++)
        {
            if ((uint)gridIndex[d] >= (uint)_axes[d].Bins) throw new ArgumentOutOfRangeException(nameof(gridIndex), $"Coordinate {d} is {gridIndex[d]}, outside [0, {_axes[d].Bins}).");
            cell += gridIndex[d] * _strides[d];
        }
        return cell;
    }
}

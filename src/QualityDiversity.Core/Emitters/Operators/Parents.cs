using QualityDiversity.Archives;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// The parents picked by one <see cref="ParentSource{T}.Draw"/>: parent <c>k</c> of child
/// <c>i</c> is <c>this[i * ParentCount + k]</c>, a row read straight from the archive (no copy).
/// Valid until the archive next changes.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly ref struct Parents<T>
{
    private readonly IReadOnlyEliteStore<T>? _store; // parents are archive slots when set
    private readonly ReadOnlySpan<T> _rows;          // otherwise rows of these
    private readonly ReadOnlySpan<int> _picks;       // slot or row per parent; empty: every parent is row 0
    private readonly int _width;

    private Parents(IReadOnlyEliteStore<T>? store, ReadOnlySpan<T> rows, ReadOnlySpan<int> picks, int width, int count)
    {
        _store = store;
        _rows = rows;
        _picks = picks;
        _width = width;
        Count = count;
    }

    /// <summary>The elite store the parents are slots of, or null when they are rows of an array.</summary>
    internal IReadOnlyEliteStore<T>? Store => _store;

    /// <summary>With <see cref="Store"/>: the slot of each parent.</summary>
    internal ReadOnlySpan<int> Slots => _picks;

    internal static Parents<T> FromArchive(IReadOnlyEliteStore<T> store, ReadOnlySpan<int> slots) =>
        new(store, default, slots, store.SolutionWidth, slots.Length);

    internal static Parents<T> FromRows(ReadOnlySpan<T> rows, ReadOnlySpan<int> picks, int width, int count) =>
        new(null, rows, picks, width, count);

    internal static Parents<T> InOrder(T[] rows, int width)
    {
        int count = width == 0 ? 0 : rows.Length / width;
        var picks = new int[count];
        for (int i = 0; i < count; i++) picks[i] = i;
        return new(null, rows, picks, width, count);
    }

    /// <summary>Number of parents.</summary>
    public int Count { get; }

    /// <summary>Parent <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Count} parents were drawn.");
            if (_store is not null) return _store.Solution(_picks[index]);
            int row = _picks.IsEmpty ? 0 : _picks[index];
            return _rows.Slice(row * _width, _width);
        }
    }
}

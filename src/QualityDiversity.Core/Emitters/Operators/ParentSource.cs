namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Where an operator's parents come from during one <see cref="IVariationOperator{T}.Vary"/>
/// call: <see cref="Draw"/> picks <c>ChildCount × ParentCount</c> parents (uniformly from the
/// archive, or from the emitter's seeds while the archive is empty).
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly ref struct ParentSource<T>
{
    private readonly IParentPool<T> _pool;

    internal ParentSource(IParentPool<T> pool, int width, int childCount, int parentCount)
    {
        _pool = pool;
        Width = width;
        ChildCount = childCount;
        ParentCount = parentCount;
    }

    /// <summary>
    /// Parents given outright: row <c>i</c> of <paramref name="rows"/> is parent <c>i</c> (for
    /// testing an operator, or for using one outside an emitter).
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not <paramref name="childCount"/> × <paramref name="parentCount"/> rows of <paramref name="width"/>.</exception>
    public static ParentSource<T> FromRows(T[] rows, int width, int childCount, int parentCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The solution width must be positive.");
        if (childCount < 0) throw new ArgumentOutOfRangeException(nameof(childCount), childCount, "The child count cannot be negative.");
        if (parentCount < 0) throw new ArgumentOutOfRangeException(nameof(parentCount), parentCount, "The parent count cannot be negative.");
        if (rows.Length != width * childCount * parentCount)
            throw new ArgumentException($"Got {rows.Length} elements; {childCount} children of {parentCount} parents of width {width} need {width * childCount * parentCount}.", nameof(rows));
        return new ParentSource<T>(new FixedParents(rows, width), width, childCount, parentCount);
    }

    /// <summary>Elements per solution row.</summary>
    public int Width { get; }

    /// <summary>Children to make.</summary>
    public int ChildCount { get; }

    /// <summary>Parents per child.</summary>
    public int ParentCount { get; }

    /// <summary>Picks the parents of every child. Each call picks a fresh set.</summary>
    public Parents<T> Draw() => _pool.Draw(ChildCount * ParentCount);

    private sealed class FixedParents(T[] rows, int width) : IParentPool<T>
    {
        public Parents<T> Draw(int count) => Parents<T>.InOrder(rows, width);
    }
}

/// <summary>Draws parents for a <see cref="ParentSource{T}"/>.</summary>
internal interface IParentPool<T>
{
    Parents<T> Draw(int count);
}

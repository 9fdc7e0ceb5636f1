namespace QualityDiversity.Solutions;

/// <summary>
/// A batch of solutions laid out row by row in one flat buffer: solution <c>i</c> occupies
/// elements <c>[i * Width, (i + 1) * Width)</c>. Vector solutions use <c>T = double</c> with
/// <see cref="Width"/> equal to the solution dimension; object solutions (texts, genomes) use
/// <see cref="Width"/> = 1.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly struct SolutionBatch<T>
{
    /// <summary>Wraps <paramref name="data"/> as rows of <paramref name="width"/> elements.</summary>
    /// <exception cref="ArgumentException">The width is not positive or does not divide the data length.</exception>
    public SolutionBatch(ReadOnlyMemory<T> data, int width)
    {
        if (width <= 0) throw new ArgumentException($"Solution width must be positive, got {width}.", nameof(width));
        if (data.Length % width != 0)
            throw new ArgumentException($"Batch length {data.Length} is not a multiple of the solution width {width}.", nameof(data));
        Data = data;
        Width = width;
    }

    /// <summary>The flat row-major solution data.</summary>
    public ReadOnlyMemory<T> Data { get; }

    /// <summary>Number of elements per solution.</summary>
    public int Width { get; }

    /// <summary>Number of solutions in the batch.</summary>
    public int Count => Width == 0 ? 0 : Data.Length / Width;

    /// <summary>The elements of solution <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Row(int index) => Data.Span.Slice(index * Width, Width);

    /// <summary>A batch holding rows <c>[start, start + count)</c> of this one.</summary>
    public SolutionBatch<T> Slice(int start, int count) => new(Data.Slice(start * Width, count * Width), Width);
}

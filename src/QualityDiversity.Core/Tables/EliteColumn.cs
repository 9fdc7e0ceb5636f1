namespace QualityDiversity.Tables;

/// <summary>
/// A named column of per-elite metadata for an <see cref="EliteTable{T}"/>: one value per elite,
/// numbers, integers or text (for example a text genome's id, step and operator).
/// </summary>
public sealed class EliteColumn
{
    private readonly double[]? _doubles;
    private readonly long[]? _integers;
    private readonly string?[]? _texts;

    private EliteColumn(string name, EliteColumnKind kind, double[]? doubles, long[]? integers, string?[]? texts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        _doubles = doubles;
        _integers = integers;
        _texts = texts;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The type of its values.</summary>
    public EliteColumnKind Kind { get; }

    /// <summary>Number of values.</summary>
    public int Count => _doubles?.Length ?? _integers?.Length ?? _texts!.Length;

    /// <summary>A column of numbers.</summary>
    public static EliteColumn Of(string name, double[] values) => new(name, EliteColumnKind.Double, values ?? throw new ArgumentNullException(nameof(values)), null, null);

    /// <summary>A column of integers.</summary>
    public static EliteColumn Of(string name, long[] values) => new(name, EliteColumnKind.Int64, null, values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>A column of text (null entries allowed).</summary>
    public static EliteColumn Of(string name, string?[] values) => new(name, EliteColumnKind.Text, null, null, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>The values of a <see cref="EliteColumnKind.Double"/> column.</summary>
    /// <exception cref="InvalidOperationException">The column holds another kind of value.</exception>
    public IReadOnlyList<double> Doubles => _doubles ?? throw WrongKind(EliteColumnKind.Double);

    /// <summary>The values of an <see cref="EliteColumnKind.Int64"/> column.</summary>
    /// <exception cref="InvalidOperationException">The column holds another kind of value.</exception>
    public IReadOnlyList<long> Integers => _integers ?? throw WrongKind(EliteColumnKind.Int64);

    /// <summary>The values of a <see cref="EliteColumnKind.Text"/> column.</summary>
    /// <exception cref="InvalidOperationException">The column holds another kind of value.</exception>
    public IReadOnlyList<string?> Texts => _texts ?? throw WrongKind(EliteColumnKind.Text);

    /// <summary>Row <paramref name="row"/> as a number: the value of a number column, an integer converted, NaN for text.</summary>
    internal double NumberAt(int row) => Kind switch
    {
        EliteColumnKind.Double => _doubles![row],
        EliteColumnKind.Int64 => _integers![row],
        _ => double.NaN,
    };

    /// <summary>The same column with the rows <paramref name="rows"/>, in that order.</summary>
    internal EliteColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var take = rows.ToArray();
        return Kind switch
        {
            EliteColumnKind.Double => Of(Name, take.Select(r => _doubles![r]).ToArray()),
            EliteColumnKind.Int64 => Of(Name, take.Select(r => _integers![r]).ToArray()),
            _ => Of(Name, take.Select(r => _texts![r]).ToArray()),
        };
    }

    private InvalidOperationException WrongKind(EliteColumnKind asked) =>
        new($"column '{Name}' holds {Kind} values, not {asked}.");
}

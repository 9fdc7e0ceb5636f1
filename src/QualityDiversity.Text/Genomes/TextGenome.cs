namespace QualityDiversity.Text.Genomes;

/// <summary>
/// One text (or prompt) candidate of a generative search with its lineage: the id it was given
/// when it was proposed, the ids of the texts its variation was conditioned on, the operator
/// that produced it and the search step it belongs to. Immutable; archives store it as a
/// one-element solution row.
/// </summary>
public sealed class TextGenome : IEquatable<TextGenome>
{
    /// <summary>Creates a genome.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is null, or an id is negative.</exception>
    public TextGenome(long id, string text, IReadOnlyList<long>? parentIds = null, string op = "seed", int step = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(op);
        if (id < 0) throw new ArgumentOutOfRangeException(nameof(id), id, "A text id must be non-negative.");
        Id = id;
        Text = text;
        ParentIds = parentIds is null ? [] : parentIds.ToArray();
        Operator = op;
        Step = step;
    }

    /// <summary>Unique id within a run, in order of proposal.</summary>
    public long Id { get; }

    /// <summary>The text itself.</summary>
    public string Text { get; }

    /// <summary>Ids of the texts the variation was conditioned on (empty for seeds and zero-shot texts).</summary>
    public IReadOnlyList<long> ParentIds { get; }

    /// <summary>Name of the variation operator that produced the text.</summary>
    public string Operator { get; }

    /// <summary>Search step that proposed the text (0 for seeds and initialisation).</summary>
    public int Step { get; }

    /// <inheritdoc />
    public bool Equals(TextGenome? other) =>
        other is not null && Id == other.Id && Text == other.Text && Operator == other.Operator && Step == other.Step
        && ParentIds.SequenceEqual(other.ParentIds);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TextGenome);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Text, Operator, Step);

    /// <summary>The text.</summary>
    public override string ToString() => Text;
}

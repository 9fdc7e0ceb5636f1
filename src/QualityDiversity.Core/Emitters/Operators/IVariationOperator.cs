using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Makes children from parents: a mutation (one parent per child), a crossover (two or more), or
/// a generator (none). Works on solution rows of any element type — vectors of doubles, or one
/// object per row (texts, trees, records). Used by <see cref="GeneticAlgorithmEmitter{T}"/>.
/// </summary>
/// <remarks>
/// <para>An operator draws its parents with <see cref="ParentSource{T}.Draw"/> when it wants them,
/// so it decides the order of its random draws (the built-in ones keep the streams of the
/// emitters they replaced). It draws random numbers only from the <c>random</c> it is given,
/// which the emitter owns and checkpoints; an operator without state of its own therefore needs no
/// checkpoint code. An operator with state implements
/// <see cref="Persistence.ICheckpointable"/> and the emitter saves it too.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IVariationOperator<T>
{
    /// <summary>Parents per child: 1 for a mutation, 2 for a crossover, 0 for a generator.</summary>
    int ParentCount { get; }

    /// <summary>
    /// Writes <c>children.Length / parents.Width</c> children, row-major, into
    /// <paramref name="children"/>; child <c>i</c> uses parents <c>i * ParentCount</c> to
    /// <c>i * ParentCount + ParentCount - 1</c> of a <see cref="ParentSource{T}.Draw"/>.
    /// </summary>
    void Vary(ParentSource<T> parents, Span<T> children, RandomSource random);
}

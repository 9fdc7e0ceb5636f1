using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Operators from plain functions, for genomes stored one object per row (texts, trees,
/// records): the function sees whole genomes and the emitter's random generator, and keeps no
/// state, so nothing needs checkpointing beyond what the emitter already saves.
/// </summary>
public static class VariationOperators
{
    /// <summary>A mutation: each child is <paramref name="mutate"/> of one parent.</summary>
    public static IVariationOperator<T> Mutation<T>(Func<T, RandomSource, T> mutate)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        return new MutationOperator<T>(mutate);
    }

    /// <summary>A crossover: each child is <paramref name="cross"/> of two parents.</summary>
    public static IVariationOperator<T> Crossover<T>(Func<T, T, RandomSource, T> cross)
    {
        ArgumentNullException.ThrowIfNull(cross);
        return new CrossoverOperator<T>(cross);
    }

    /// <summary>
    /// Applies <paramref name="first"/> and then, to its children, <paramref name="then"/> (e.g. a
    /// crossover followed by a mutation). <paramref name="then"/> must take one parent per child.
    /// </summary>
    public static IVariationOperator<T> Then<T>(this IVariationOperator<T> first, IVariationOperator<T> then)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(then);
        if (then.ParentCount != 1)
            throw new ArgumentException($"The second operator takes {then.ParentCount} parents per child; only a one-parent operator can follow another.", nameof(then));
        return new SequenceOperator<T>(first, then);
    }

    private static void CheckWidth(int width)
    {
        if (width != 1)
            throw new InvalidOperationException($"Function operators work on one object per solution (width 1); these solutions have width {width}.");
    }

    private sealed class MutationOperator<T>(Func<T, RandomSource, T> mutate) : IVariationOperator<T>
    {
        public int ParentCount => 1;

        public void Vary(ParentSource<T> parents, Span<T> children, RandomSource random)
        {
            CheckWidth(parents.Width);
            var chosen = parents.Draw();
            for (int i = 0; i < parents.ChildCount; i++) children[i] = mutate(chosen[i][0], random);
        }
    }

    private sealed class CrossoverOperator<T>(Func<T, T, RandomSource, T> cross) : IVariationOperator<T>
    {
        public int ParentCount => 2;

        public void Vary(ParentSource<T> parents, Span<T> children, RandomSource random)
        {
            CheckWidth(parents.Width);
            var chosen = parents.Draw();
            for (int i = 0; i < parents.ChildCount; i++) children[i] = cross(chosen[2 * i][0], chosen[2 * i + 1][0], random);
        }
    }

    private sealed class SequenceOperator<T>(IVariationOperator<T> first, IVariationOperator<T> then) : IVariationOperator<T>, Persistence.ICheckpointable
    {
        public int ParentCount => first.ParentCount;

        public void Vary(ParentSource<T> parents, Span<T> children, RandomSource random)
        {
            first.Vary(parents, children, random);
            // The first operator's children are the parents of the second, one each, in order.
            var intermediate = children.ToArray();
            then.Vary(ParentSource<T>.FromRows(intermediate, parents.Width, parents.ChildCount, 1), children, random);
        }

        public void WriteState(BinaryWriter writer)
        {
            (first as Persistence.ICheckpointable)?.WriteState(writer);
            (then as Persistence.ICheckpointable)?.WriteState(writer);
        }

        public void ReadState(BinaryReader reader)
        {
            (first as Persistence.ICheckpointable)?.ReadState(reader);
            (then as Persistence.ICheckpointable)?.ReadState(reader);
        }
    }
}

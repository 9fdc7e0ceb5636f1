using System.Runtime.CompilerServices;
using QualityDiversity.Archives;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters;

/// <summary>
/// A genetic-algorithm emitter for solutions of any type (after pyribs'
/// <c>GeneticAlgorithmEmitter</c>): each ask draws parents uniformly from the archive, with
/// replacement, and lets a <see cref="IVariationOperator{T}"/> make <see cref="BatchSize"/>
/// children from them.
/// </summary>
/// <remarks>
/// <para>The start of a search: while the archive is empty, an ask returns the initial solutions
/// unchanged when there are any; otherwise the parents are the seed rows (all of them the one seed
/// when there is one, else drawn uniformly), varied as usual.</para>
/// <para>Solutions of one object per row (texts, trees, records) use a solution width of 1. The
/// emitter checkpoints its random generator, and the operator's state when the operator
/// implements <see cref="ICheckpointable"/>; the archive checkpoints the solutions, with the
/// codec of its <see cref="ArchiveOptions{T}.Codec"/>.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public class GeneticAlgorithmEmitter<T> : IEmitter<T>, IParentPool<T>
{
    private readonly T[]? _initialSolutions;
    private readonly T[]? _seeds;
    private T[] _buffer = [];
    private int[] _picks = [];

    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="variation">Makes children from parents.</param>
    /// <param name="batchSize">Children per ask.</param>
    /// <param name="random">Random generator owned by this emitter (also handed to the operator).</param>
    /// <param name="initialSolutions">Row-major solutions proposed unchanged while the archive is empty.</param>
    /// <param name="seeds">Row-major parents used while the archive is empty and there are no initial solutions.</param>
    /// <exception cref="ArgumentException">A row array is empty or not a whole number of rows.</exception>
    public GeneticAlgorithmEmitter(IArchive<T> archive, IVariationOperator<T> variation, int batchSize, RandomSource random,
        T[]? initialSolutions = null, T[]? seeds = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(variation);
        ArgumentNullException.ThrowIfNull(random);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch_size must be positive.");
        if (variation.ParentCount < 0) throw new ArgumentException($"The operator takes {variation.ParentCount} parents per child.", nameof(variation));
        int width = archive.SolutionWidth;
        if (initialSolutions is not null && (initialSolutions.Length == 0 || initialSolutions.Length % width != 0))
            throw new ArgumentException($"initial_solutions holds {initialSolutions.Length} values, not a positive multiple of the solution width {width}.", nameof(initialSolutions));
        if (seeds is not null && (seeds.Length == 0 || seeds.Length % width != 0))
            throw new ArgumentException($"seeds hold {seeds.Length} values, not a positive multiple of the solution width {width}.", nameof(seeds));
        Archive = archive;
        Variation = variation;
        SolutionWidth = width;
        BatchSize = batchSize;
        Random = random;
        _initialSolutions = initialSolutions;
        _seeds = seeds;
    }

    /// <inheritdoc />
    public IArchive<T> Archive { get; }

    /// <summary>The variation operator.</summary>
    public IVariationOperator<T> Variation { get; }

    /// <inheritdoc />
    public int SolutionWidth { get; }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <summary>The emitter's random generator.</summary>
    protected RandomSource Random { get; }

    /// <summary>The seed parents used while the archive is empty, row-major; null when none were given.</summary>
    protected T[]? SeedRows => _seeds;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The archive is empty and there are neither initial solutions nor seeds (with an operator that takes parents).</exception>
    public SolutionBatch<T> Ask()
    {
        if (Archive.IsEmpty && _initialSolutions is not null)
        {
            var initial = Buffer(_initialSolutions.Length / SolutionWidth);
            _initialSolutions.CopyTo(initial);
            return new SolutionBatch<T>(_buffer.AsMemory(0, initial.Length), SolutionWidth);
        }
        var children = Buffer(BatchSize);
        Variation.Vary(new ParentSource<T>(this, SolutionWidth, BatchSize, Variation.ParentCount), children, Random);
        return new SolutionBatch<T>(_buffer.AsMemory(0, children.Length), SolutionWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    Parents<T> IParentPool<T>.Draw(int count)
    {
        if (count == 0) return Parents<T>.FromRows(default, default, SolutionWidth, 0);
        if (_picks.Length < count) _picks = new int[count];
        var picks = _picks.AsSpan(0, count);
        if (!Archive.IsEmpty)
        {
            Archive.SampleSlots(Random, picks);
            return Parents<T>.FromArchive(Archive.Store, picks);
        }
        if (_seeds is null)
            throw new InvalidOperationException("The archive is empty and this emitter has neither initial solutions nor seed parents; give one of them.");
        int rows = _seeds.Length / SolutionWidth;
        if (rows == 1) return Parents<T>.FromRows(_seeds, default, SolutionWidth, count); // every parent is the one seed; no draw
        for (int i = 0; i < count; i++) picks[i] = Random.NextInt(rows);
        return Parents<T>.FromRows(_seeds, picks, SolutionWidth, count);
    }

    /// <summary>Does nothing: the emitter does not learn from the archive's response.</summary>
    public virtual void Tell(in EmitterFeedback<T> feedback) { }

    /// <summary>Writes the random generator's state, then the operator's when it is checkpointable.</summary>
    public virtual void WriteState(BinaryWriter writer)
    {
        Random.WriteState(writer);
        (Variation as ICheckpointable)?.WriteState(writer);
    }

    /// <inheritdoc />
    public virtual void ReadState(BinaryReader reader)
    {
        Random.ReadState(reader);
        (Variation as ICheckpointable)?.ReadState(reader);
    }

    private Span<T> Buffer(int rows)
    {
        int length = rows * SolutionWidth;
        if (_buffer.Length < length) _buffer = new T[length];
        return _buffer.AsSpan(0, length);
    }
}

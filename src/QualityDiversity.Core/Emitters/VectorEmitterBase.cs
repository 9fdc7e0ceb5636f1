using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters;

/// <summary>
/// Shared behaviour of emitters over real vectors: the random generator, optional bounds,
/// and the start of a search — while the archive is empty the emitter proposes the given
/// initial solutions, or perturbations of <c>x0</c>.
/// </summary>
public abstract class VectorEmitterBase : IEmitter<double>
{
    private double[] _buffer = [];
    private int[] _parentSlots = [];
    private readonly double[]? _initialSolutions;

    /// <summary>Initialises the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="batchSize">Candidates per ask.</param>
    /// <param name="x0">Centre of the first batch when no initial solutions are given; zeros when null.</param>
    /// <param name="initialSolutions">Row-major initial solutions proposed while the archive is empty.</param>
    /// <param name="bounds">Optional box the candidates are clipped into.</param>
    /// <param name="random">Random generator owned by this emitter.</param>
    /// <param name="solutionDim">Solution dimension.</param>
    protected VectorEmitterBase(IArchive<double> archive, int solutionDim, int batchSize, double[]? x0, double[]? initialSolutions, SolutionBounds? bounds, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(random);
        if (solutionDim != archive.SolutionWidth)
            throw new ArgumentException($"The emitter's solution dimension {solutionDim} differs from the archive's {archive.SolutionWidth}.", nameof(solutionDim));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch_size must be positive.");
        if (x0 is not null && x0.Length != solutionDim)
            throw new ArgumentException($"x0 has {x0.Length} values; the solution dimension is {solutionDim}.", nameof(x0));
        if (initialSolutions is not null && (initialSolutions.Length == 0 || initialSolutions.Length % solutionDim != 0))
            throw new ArgumentException($"initial_solutions holds {initialSolutions.Length} values, not a positive multiple of the solution dimension {solutionDim}.", nameof(initialSolutions));
        if (bounds is not null && bounds.Dimension != solutionDim)
            throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {solutionDim}.", nameof(bounds));
        Archive = archive;
        SolutionWidth = solutionDim;
        BatchSize = batchSize;
        X0 = x0 ?? new double[solutionDim];
        _initialSolutions = initialSolutions;
        Bounds = bounds;
        Random = random;
    }

    /// <inheritdoc />
    public IArchive<double> Archive { get; }

    /// <inheritdoc />
    public int SolutionWidth { get; }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <summary>Centre of the first batch when no initial solutions are given.</summary>
    public double[] X0 { get; }

    /// <summary>Box the candidates are clipped into, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <summary>The emitter's random generator.</summary>
    protected RandomSource Random { get; }

    /// <inheritdoc />
    public SolutionBatch<double> Ask()
    {
        if (Archive.IsEmpty && _initialSolutions is not null)
        {
            var initial = Buffer(_initialSolutions.Length / SolutionWidth);
            _initialSolutions.CopyTo(initial);
            Bounds?.Clip(initial);
            return new SolutionBatch<double>(_buffer.AsMemory(0, initial.Length), SolutionWidth);
        }
        var children = Buffer(BatchSize);
        Propose(children);
        Bounds?.Clip(children);
        return new SolutionBatch<double>(_buffer.AsMemory(0, children.Length), SolutionWidth);
    }

    /// <summary>Writes <see cref="BatchSize"/> candidates, row-major, into <paramref name="children"/>. The archive may be empty.</summary>
    protected abstract void Propose(Span<double> children);

    /// <summary>
    /// Draws <paramref name="count"/> parent slots uniformly from the archive (with
    /// replacement); an empty span when the archive is empty, in which case parents are <see cref="X0"/>.
    /// </summary>
    protected ReadOnlySpan<int> SampleParents(int count)
    {
        if (Archive.IsEmpty) return [];
        if (_parentSlots.Length < count) _parentSlots = new int[count];
        var slots = _parentSlots.AsSpan(0, count);
        Archive.SampleSlots(Random, slots);
        return slots;
    }

    /// <summary>Parent <paramref name="index"/> of slots drawn by <see cref="SampleParents"/>.</summary>
    protected ReadOnlySpan<double> Parent(ReadOnlySpan<int> parents, int index) =>
        parents.IsEmpty ? X0 : Archive.Store.Solution(parents[index]);

    /// <inheritdoc />
    public virtual void Tell(in EmitterFeedback<double> feedback) { }

    /// <inheritdoc />
    public virtual void WriteState(BinaryWriter writer) => Random.WriteState(writer);

    /// <inheritdoc />
    public virtual void ReadState(BinaryReader reader) => Random.ReadState(reader);

    private Span<double> Buffer(int rows)
    {
        int length = rows * SolutionWidth;
        if (_buffer.Length < length) _buffer = new double[length];
        return _buffer.AsSpan(0, length);
    }
}

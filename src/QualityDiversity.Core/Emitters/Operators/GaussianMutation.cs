using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using QualityDiversity.Archives;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// MAP-Elites' Gaussian mutation (Mouret and Clune 2015): child = parent + σ ∘ N(0, I), with one
/// σ for all dimensions or one per dimension, then clipped into the optional bounds.
/// </summary>
/// <remarks>
/// Draws the parents first and then the noise of the whole batch in one pass (the fast path of
/// the generator); <see cref="GaussianEmitter"/> is this operator, so its seeded batches are
/// those of this order.
/// </remarks>
public sealed class GaussianMutation : IVariationOperator<double>
{
    private readonly double[] _sigma;

    /// <summary>Creates the operator.</summary>
    /// <param name="sigma">Standard deviation, one value for all dimensions or one per dimension.</param>
    /// <param name="dimension">Solution dimension.</param>
    /// <param name="bounds">Optional box the children are clipped into.</param>
    public GaussianMutation(IReadOnlyList<double> sigma, int dimension, SolutionBounds? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(sigma);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The solution dimension must be positive.");
        if (sigma.Count != 1 && sigma.Count != dimension)
            throw new ArgumentException($"sigma has {sigma.Count} values; give one or one per dimension ({dimension}).", nameof(sigma));
        if (bounds is not null && bounds.Dimension != dimension)
            throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {dimension}.", nameof(bounds));
        _sigma = new double[dimension];
        for (int j = 0; j < dimension; j++)
            _sigma[j] = VectorOperatorChecks.NonNegative(sigma.Count == 1 ? sigma[0] : sigma[j], nameof(sigma));
        Bounds = bounds;
    }

    /// <summary>Per-dimension standard deviations.</summary>
    public IReadOnlyList<double> Sigma => _sigma;

    /// <summary>Solution dimension.</summary>
    public int Dimension => _sigma.Length;

    /// <summary>Box the children are clipped into, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <inheritdoc />
    public int ParentCount => 1;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Vary(ParentSource<double> parents, Span<double> children, RandomSource random)
    {
        int d = parents.Width;
        VectorOperatorChecks.Width(nameof(GaussianMutation), d, Dimension);
        var chosen = parents.Draw();
        if (chosen.Store is { } store && children.Length >= RandomSource.PartnerFillThreshold)
        {
            // Each half of the noise becomes children on the thread that drew it (the partner
            // thread's half too, where it has a core of its own), the parents read from the archive.
            VaryFromArchive(children, store, chosen.Slots, d, random);
        }
        else
        {
            // Fills of a quarter of a million draws and more go over the thread pool, with the
            // values of one pass on this thread.
            random.FillGaussian(children);
            for (int i = 0; i < parents.ChildCount; i++) AddScaled(children.Slice(i * d, d), chosen[i], _sigma);
        }
        Bounds?.Clip(children);
    }

    [ThreadStatic] private static int[]? t_slots;

    private unsafe void VaryFromArchive(Span<double> children, IReadOnlyEliteStore<double> store, ReadOnlySpan<int> slots, int d, RandomSource random)
    {
        // The slots leave the stack for the partner thread, in a buffer of this thread's.
        var owned = t_slots is { } buffer && buffer.Length >= slots.Length ? buffer : t_slots = new int[slots.Length];
        slots.CopyTo(owned);
        var sigma = _sigma;
        int length = children.Length;
        fixed (double* pinned = children)
        {
            double* output = pinned;
            random.FillGaussian(children, (from, to) => AddScaled(new Span<double>(output, length), store, owned, sigma, d, from, to));
        }
    }

    // children[k] = parent + sigma ∘ children[k] for the flat positions from..to-1 of the batch,
    // row by row: the arithmetic of the whole-row loop, so the same bits whatever the range.
    // The parents are rows scattered over an archive of megabytes, so each is fetched into the
    // cache a few rows ahead: waiting for them cost about as much as drawing the noise.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Span<double> children, IReadOnlyEliteStore<double> store, int[] slots, double[] sigma, int d, int from, int to)
    {
        if (from >= to) return;
        int row = from / d, column = from - row * d;
        int lastRow = (to - 1) / d;
        for (int ahead = row; ahead < row + PrefetchRows && ahead <= lastRow; ahead++) Prefetch(store.Solution(slots[ahead]));
        for (int k = from; k < to; row++, column = 0)
        {
            if (row + PrefetchRows <= lastRow) Prefetch(store.Solution(slots[row + PrefetchRows]));
            int count = Math.Min(d - column, to - k);
            AddScaled(children.Slice(k, count), store.Solution(slots[row]).Slice(column, count), sigma.AsSpan(column, count));
            k += count;
        }
    }

    // How many parent rows ahead of the one being added are fetched.
    private const int PrefetchRows = 3;

    // Asks the cache for every line of a row. A hint only: it changes no result and cannot fault,
    // so the row need not be pinned (a moved array only makes the hint useless).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ReadOnlySpan<double> row)
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        const int DoublesPerLine = 64 / sizeof(double);
        double* start = (double*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(row));
        for (int j = 0; j < row.Length; j += DoublesPerLine) Sse.Prefetch0(start + j);
        Sse.Prefetch0(start + row.Length - 1);
    }

    // child = parent + sigma ∘ child, with SIMD over the coordinates.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Span<double> child, ReadOnlySpan<double> parent, ReadOnlySpan<double> sigma)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var childVectors = MemoryMarshal.Cast<double, Vector<double>>(child);
            var parentVectors = MemoryMarshal.Cast<double, Vector<double>>(parent);
            var sigmaVectors = MemoryMarshal.Cast<double, Vector<double>>(sigma);
            for (int v = 0; v < childVectors.Length; v++)
                childVectors[v] = parentVectors[v] + sigmaVectors[v] * childVectors[v];
            j = childVectors.Length * Vector<double>.Count;
        }
        for (; j < child.Length; j++) child[j] = parent[j] + sigma[j] * child[j];
    }
}

using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
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
        // A 540 x 100-D batch's 54,000 draws are shared with the partner thread where it has a
        // core of its own, and fills of a quarter of a million draws and more go over the thread
        // pool, always with the values of one pass on this thread.
        random.FillGaussian(children);
        for (int i = 0; i < parents.ChildCount; i++) AddScaled(children.Slice(i * d, d), chosen[i], _sigma);
        Bounds?.Clip(children);
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

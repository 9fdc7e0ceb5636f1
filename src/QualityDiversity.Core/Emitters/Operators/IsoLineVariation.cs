using System.Runtime.CompilerServices;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Iso+LineDD variation (Vassiliades and Mouret 2018): for parents <c>x</c> and <c>y</c>, the
/// child is <c>x + σ_iso N(0, I) + σ_line N(0, 1) (y - x)</c>, which searches along the directions
/// in which the elites already spread; then clipped into the optional bounds.
/// </summary>
/// <remarks>
/// Draws the isotropic noise of the batch, then the parents, then the line noise;
/// <see cref="IsoLineEmitter"/> is this operator, so its seeded batches are those of this order.
/// </remarks>
public sealed class IsoLineVariation : IVariationOperator<double>
{
    /// <summary>Creates the operator.</summary>
    /// <param name="isoSigma">Isotropic standard deviation σ_iso.</param>
    /// <param name="lineSigma">Standard deviation σ_line along the line between the two parents.</param>
    /// <param name="bounds">Optional box the children are clipped into (its dimension fixes the solution dimension).</param>
    public IsoLineVariation(double isoSigma, double lineSigma, SolutionBounds? bounds = null)
    {
        IsoSigma = VectorOperatorChecks.NonNegative(isoSigma, nameof(isoSigma));
        LineSigma = VectorOperatorChecks.NonNegative(lineSigma, nameof(lineSigma));
        Bounds = bounds;
    }

    /// <summary>Isotropic standard deviation.</summary>
    public double IsoSigma { get; }

    /// <summary>Standard deviation along the parents' line.</summary>
    public double LineSigma { get; }

    /// <summary>Box the children are clipped into, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <inheritdoc />
    public int ParentCount => 2;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Vary(ParentSource<double> parents, Span<double> children, RandomSource random)
    {
        int d = parents.Width, n = parents.ChildCount;
        VectorOperatorChecks.Width(nameof(IsoLineVariation), d, Bounds?.Dimension ?? 0);
        random.FillGaussian(children);
        var chosen = parents.Draw();
        Span<double> line = n <= 1024 ? stackalloc double[n] : new double[n];
        random.FillGaussian(line);
        for (int i = 0; i < n; i++)
        {
            var child = children.Slice(i * d, d);
            var x = chosen[2 * i];
            var y = chosen[2 * i + 1];
            double step = LineSigma * line[i];
            for (int j = 0; j < d; j++) child[j] = x[j] + IsoSigma * child[j] + step * (y[j] - x[j]);
        }
        Bounds?.Clip(children);
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters;

/// <summary>
/// Iso+LineDD variation (Vassiliades and Mouret 2018): for two uniformly chosen elites
/// <c>x</c> and <c>y</c>, the candidate is <c>x + σ_iso N(0, I) + σ_line N(0, 1) (y - x)</c>,
/// which searches along the directions in which the elites already spread — a
/// <see cref="GeneticAlgorithmEmitter{T}"/> with an <see cref="IsoLineVariation"/>.
/// </summary>
public sealed class IsoLineEmitter : GeneticAlgorithmEmitter<double>
{
    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="isoSigma">Isotropic standard deviation σ_iso.</param>
    /// <param name="lineSigma">Standard deviation σ_line along the line between the two parents.</param>
    /// <param name="batchSize">Candidates per ask.</param>
    /// <param name="random">Random generator owned by this emitter.</param>
    /// <param name="x0">Both parents while the archive is empty and <paramref name="initialSolutions"/> is null; zeros when null.</param>
    /// <param name="initialSolutions">Row-major solutions proposed while the archive is empty.</param>
    /// <param name="bounds">Optional clipping box.</param>
    public IsoLineEmitter(IArchive<double> archive, double isoSigma, double lineSigma, int batchSize, RandomSource random,
        double[]? x0 = null, double[]? initialSolutions = null, SolutionBounds? bounds = null)
        : base(archive, new IsoLineVariation(isoSigma, lineSigma, CheckBounds(bounds, VectorStart.Width(archive))), batchSize, random,
               VectorStart.Initial(initialSolutions, archive.SolutionWidth, bounds), VectorStart.Seed(x0, archive.SolutionWidth))
    {
        Operator = (IsoLineVariation)Variation;
        X0 = SeedRows!;
    }

    private static SolutionBounds? CheckBounds(SolutionBounds? bounds, int dimension) =>
        bounds is null || bounds.Dimension == dimension
            ? bounds
            : throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {dimension}.", nameof(bounds));

    /// <summary>The variation operator.</summary>
    public IsoLineVariation Operator { get; }

    /// <summary>Isotropic standard deviation.</summary>
    public double IsoSigma => Operator.IsoSigma;

    /// <summary>Standard deviation along the parents' line.</summary>
    public double LineSigma => Operator.LineSigma;

    /// <summary>Centre of the first batch when no initial solutions are given.</summary>
    public double[] X0 { get; }

    /// <summary>Box the candidates are clipped into, if any.</summary>
    public SolutionBounds? Bounds => Operator.Bounds;
}

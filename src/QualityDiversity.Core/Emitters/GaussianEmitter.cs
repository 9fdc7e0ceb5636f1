using QualityDiversity.Archives;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters;

/// <summary>
/// MAP-Elites' Gaussian mutation: each candidate is a uniformly chosen elite plus isotropic
/// (or per-dimension) Gaussian noise <c>N(0, σ²)</c> — a <see cref="GeneticAlgorithmEmitter{T}"/>
/// with a <see cref="GaussianMutation"/>.
/// </summary>
public sealed class GaussianEmitter : GeneticAlgorithmEmitter<double>
{
    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="sigma">Standard deviation, one value for all dimensions or one per dimension.</param>
    /// <param name="batchSize">Candidates per ask.</param>
    /// <param name="random">Random generator owned by this emitter.</param>
    /// <param name="x0">Centre of the first batch when <paramref name="initialSolutions"/> is null; zeros when null.</param>
    /// <param name="initialSolutions">Row-major solutions proposed while the archive is empty.</param>
    /// <param name="bounds">Optional clipping box.</param>
    public GaussianEmitter(IArchive<double> archive, IReadOnlyList<double> sigma, int batchSize, RandomSource random,
        double[]? x0 = null, double[]? initialSolutions = null, SolutionBounds? bounds = null)
        : base(archive, new GaussianMutation(sigma, VectorStart.Width(archive), bounds), batchSize, random,
               VectorStart.Initial(initialSolutions, archive.SolutionWidth, bounds), VectorStart.Seed(x0, archive.SolutionWidth))
    {
        Operator = (GaussianMutation)Variation;
        X0 = SeedRows!;
    }

    /// <summary>The mutation operator.</summary>
    public GaussianMutation Operator { get; }

    /// <summary>Per-dimension standard deviations.</summary>
    public IReadOnlyList<double> Sigma => Operator.Sigma;

    /// <summary>Centre of the first batch when no initial solutions are given.</summary>
    public double[] X0 { get; }

    /// <summary>Box the candidates are clipped into, if any.</summary>
    public SolutionBounds? Bounds => Operator.Bounds;
}

using QualityDiversity.Archives;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters;

/// <summary>
/// Iso+LineDD variation (Vassiliades and Mouret 2018): for two uniformly chosen elites
/// <c>x</c> and <c>y</c>, the candidate is <c>x + σ_iso N(0, I) + σ_line N(0, 1) (y - x)</c>,
/// which searches along the directions in which the elites already spread.
/// </summary>
public sealed class IsoLineEmitter : VectorEmitterBase
{

    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="isoSigma">Isotropic standard deviation σ_iso.</param>
    /// <param name="lineSigma">Standard deviation σ_line along the line between the two parents.</param>
    /// <param name="batchSize">Candidates per ask.</param>
    /// <param name="random">Random generator owned by this emitter.</param>
    /// <param name="x0">Centre of the first batch when <paramref name="initialSolutions"/> is null.</param>
    /// <param name="initialSolutions">Row-major solutions proposed while the archive is empty.</param>
    /// <param name="bounds">Optional clipping box.</param>
    public IsoLineEmitter(IArchive<double> archive, double isoSigma, double lineSigma, int batchSize, RandomSource random,
        double[]? x0 = null, double[]? initialSolutions = null, SolutionBounds? bounds = null)
        : base(archive, archive.SolutionWidth, batchSize, x0, initialSolutions, bounds, random)
    {
        if (!(isoSigma >= 0) || !double.IsFinite(isoSigma)) throw new ArgumentOutOfRangeException(nameof(isoSigma), isoSigma, "iso_sigma must be finite and non-negative.");
        if (!(lineSigma >= 0) || !double.IsFinite(lineSigma)) throw new ArgumentOutOfRangeException(nameof(lineSigma), lineSigma, "line_sigma must be finite and non-negative.");
        IsoSigma = isoSigma;
        LineSigma = lineSigma;
    }

    /// <summary>Isotropic standard deviation.</summary>
    public double IsoSigma { get; }

    /// <summary>Standard deviation along the parents' line.</summary>
    public double LineSigma { get; }

    /// <inheritdoc />
    protected override void Propose(Span<double> children)
    {
        int d = SolutionWidth;
        Random.FillGaussian(children);
        var parents = SampleParents(2 * BatchSize);
        Span<double> line = BatchSize <= 1024 ? stackalloc double[BatchSize] : new double[BatchSize];
        Random.FillGaussian(line);
        for (int i = 0; i < BatchSize; i++)
        {
            var child = children.Slice(i * d, d);
            var x = Parent(parents, 2 * i);
            var y = Parent(parents, 2 * i + 1);
            double step = LineSigma * line[i];
            for (int j = 0; j < d; j++) child[j] = x[j] + IsoSigma * child[j] + step * (y[j] - x[j]);
        }
    }
}

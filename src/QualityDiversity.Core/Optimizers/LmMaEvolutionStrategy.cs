using System.Runtime.CompilerServices;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Optimizers;

/// <summary>
/// LM-MA-ES, the limited-memory matrix adaptation evolution strategy (I. Loshchilov, T. Glasmachers
/// and H.-G. Beyer, "Large Scale Black-box Optimization by Limited-Memory Matrix Adaptation",
/// IEEE TEVC 2019): the search distribution is shaped by m direction vectors instead of a
/// covariance matrix, so sampling costs O(m·n) per row and memory O(m·n).
/// </summary>
/// <remarks>
/// <para>A row is x = m + σ·d with d = T_m(z), z ~ N(0, I), where T applies, for the first
/// min(t, m) vectors v_i in turn, d ← (1 − c_d,i)·d + c_d,i·v_i·(v_iᵀd). After ranking,
/// with weights w_i ∝ ln(μ + ½) − ln i summing to 1 and μ_w = 1/Σw_i²:
/// the mean becomes Σ w_i·x_i:λ; z_w = Σ w_i·z_i:λ;
/// p_σ ← (1 − c_σ)·p_σ + √(μ_w c_σ (2 − c_σ))·z_w;
/// v_i ← (1 − c_c,i)·v_i + √(μ_w c_c,i (2 − c_c,i))·z_w;
/// σ ← σ·exp(c_σ/2·(‖p_σ‖²/n − 1)).
/// The rates are the paper's: c_σ = 2λ/n, c_d,i = 1/(1.5^(i−1)·n), c_c,i = λ/(4^(i−1)·n), and
/// m = λ vectors (as in pyribs). Because c_σ = 2λ/n must stay below 1, λ may be at most n.
/// Sampling is not mirrored (pyribs does not mirror either).</para>
/// <para>With bounds, a row outside the box is redrawn up to 10 times and then clipped; a clipped
/// row keeps the z it was drawn from, so the update still sees the direction that was sampled.</para>
/// <para>Per call, <see cref="Ask"/> and <see cref="Tell"/> allocate nothing. Not thread-safe.</para>
/// </remarks>
public sealed class LmMaEvolutionStrategy : IEvolutionStrategy
{
    private const string CheckpointKind = nameof(LmMaEvolutionStrategy);

    /// <summary>Step size below which the strategy asks to be restarted (pyribs' tolerance).</summary>
    public const double MinStepSize = 1e-12;

    private readonly int _n;
    private readonly int _lambda;
    private readonly int _vectors;
    private readonly double _sigma0;
    private readonly RandomSource _random;
    private readonly double _cSigma;
    private readonly double[] _cd;
    private readonly double[] _cc;

    // Distribution state.
    private readonly double[] _mean;
    private double _sigma;
    private readonly double[] _pathSigma;
    private readonly double[] _directions; // m × n, row-major
    private long _generations;
    private long _evaluations;

    // Reused buffers.
    private readonly double[] _z;          // λ × n: the z of each asked row
    private readonly double[] _freshZ;     // n: a redrawn z
    private readonly double[] _freshX;     // n: the row of a redrawn z
    private readonly double[] _weights;
    private readonly double[] _zMean;
    private readonly double[] _newMean;

    /// <summary>Creates the strategy with mean <paramref name="initialMean"/> and step size <paramref name="sigma0"/>.</summary>
    /// <param name="dimension">Dimension n ≥ 1 of the search space.</param>
    /// <param name="sigma0">Initial step size σ₀ &gt; 0.</param>
    /// <param name="populationSize">Population size λ, 2 ≤ λ ≤ n.</param>
    /// <param name="random">Random generator owned by this strategy from now on.</param>
    /// <param name="vectors">Number m ≥ 1 of direction vectors; default λ.</param>
    /// <param name="initialMean">Initial mean (n values); empty for the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">n, σ₀, λ or m is out of range.</exception>
    /// <exception cref="ArgumentException">The initial mean has the wrong length or a non-finite value.</exception>
    public LmMaEvolutionStrategy(int dimension, double sigma0, int populationSize, RandomSource random, int? vectors = null, ReadOnlySpan<double> initialMean = default)
    {
        StrategyArguments.CheckConfiguration(dimension, sigma0, populationSize, random);
        if (populationSize > dimension)
            throw new ArgumentOutOfRangeException(nameof(populationSize), populationSize,
                $"LM-MA-ES needs a population size (batch_size) of at most the dimension {dimension}, because its step-size rate is 2λ/n.");
        int m = vectors ?? populationSize;
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(vectors), m, "The number of direction vectors must be at least 1.");
        if (!initialMean.IsEmpty) StrategyArguments.CheckMean(initialMean, dimension, nameof(initialMean));

        _n = dimension;
        _lambda = populationSize;
        _vectors = m;
        _sigma0 = sigma0;
        _random = random;
        _cSigma = 2.0 * populationSize / dimension;
        _cd = new double[m];
        _cc = new double[m];
        for (int i = 0; i < m; i++)
        {
            _cd[i] = 1.0 / (Math.Pow(1.5, i) * dimension);
            _cc[i] = populationSize / (Math.Pow(4.0, i) * dimension);
        }

        _mean = new double[dimension];
        _pathSigma = new double[dimension];
        _directions = new double[m * dimension];
        _z = new double[populationSize * dimension];
        _freshZ = new double[dimension];
        _freshX = new double[dimension];
        _weights = new double[populationSize];
        _zMean = new double[dimension];
        _newMean = new double[dimension];

        if (initialMean.IsEmpty) Reset(new double[dimension]);
        else Reset(initialMean);
    }

    /// <inheritdoc />
    public int Dimension => _n;

    /// <inheritdoc />
    public int PopulationSize => _lambda;

    /// <summary>Number m of direction vectors.</summary>
    public int VectorCount => _vectors;

    /// <summary>Initial step size σ₀, restored by <see cref="Reset"/>.</summary>
    public double InitialStepSize => _sigma0;

    /// <inheritdoc />
    public double StepSize => _sigma;

    /// <inheritdoc />
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The evolution path p_σ.</summary>
    public ReadOnlySpan<double> StepSizePath => _pathSigma;

    /// <summary>Number of updates since the last reset.</summary>
    public long Generations => _generations;

    /// <summary>Number of evaluations told since the last reset.</summary>
    public long Evaluations => _evaluations;

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<double> mean)
    {
        StrategyArguments.CheckMean(mean, _n, nameof(mean));
        mean.CopyTo(_mean);
        _sigma = _sigma0;
        Array.Clear(_pathSigma);
        Array.Clear(_directions);
        _generations = 0;
        _evaluations = 0;
    }

    /// <inheritdoc />
    public void Ask(Span<double> solutions, SolutionBounds? bounds = null)
    {
        StrategyArguments.CheckAsk(solutions, bounds, _n, _lambda);
        int n = _n;
        _random.FillGaussian(_z);
        for (int k = 0; k < _lambda; k++) ToSolution(_z.AsSpan(k * n, n), solutions.Slice(k * n, n));
        if (bounds is null) return;

        for (int k = 0; k < _lambda; k++)
        {
            var row = solutions.Slice(k * n, n);
            for (int round = 0; round < BoundedSampling.MaxResampleRounds && BoundedSampling.IsOutside(row, bounds.Lower, bounds.Upper); round++)
            {
                _random.FillGaussian(_freshZ);
                _freshZ.CopyTo(_z.AsSpan(k * n, n));
                ToSolution(_freshZ, row);
            }
            if (BoundedSampling.IsOutside(row, bounds.Lower, bounds.Upper)) bounds.Clip(row);
        }
    }

    // x = m + σ·T(z), applying the first min(t, m) direction vectors in order.
    private void ToSolution(ReadOnlySpan<double> z, Span<double> x)
    {
        int n = _n;
        z.CopyTo(x);
        int used = (int)Math.Min(_generations, _vectors);
        for (int i = 0; i < used; i++)
        {
            var v = _directions.AsSpan(i * n, n);
            double projection = DenseKernels.Dot(v, x);
            double keep = 1 - _cd[i], pull = _cd[i] * projection;
            for (int j = 0; j < n; j++) x[j] = keep * x[j] + pull * v[j];
        }
        for (int j = 0; j < n; j++) x[j] = Math.FusedMultiplyAdd(_sigma, x[j], _mean[j]);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="solutions"/> is the λ × n block that was asked; the new mean is the
    /// weighted mean of its best <paramref name="parents"/> rows. With <paramref name="parents"/> = 0
    /// the generation is counted but the distribution is left unchanged, as pyribs does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents)
    {
        int n = _n;
        StrategyArguments.CheckTell(solutions, ranking, parents, n, _lambda);
        _evaluations += ranking.Length;
        _generations++;
        if (parents == 0) return;

        double mueff = CmaParameters.FillWeights(parents, _weights);
        var zMean = _zMean.AsSpan();
        var newMean = _newMean.AsSpan();
        zMean.Clear();
        newMean.Clear();
        for (int i = 0; i < parents; i++)
        {
            int row = ranking[i];
            double w = _weights[i];
            var z = _z.AsSpan(row * n, n);
            var x = solutions.Slice(row * n, n);
            for (int j = 0; j < n; j++)
            {
                zMean[j] += w * z[j];
                newMean[j] += w * x[j];
            }
        }
        newMean.CopyTo(_mean);

        double cs = _cSigma;
        double pathGain = Math.Sqrt(mueff * cs * (2 - cs));
        double pathSquares = 0;
        for (int j = 0; j < n; j++)
        {
            double p = (1 - cs) * _pathSigma[j] + pathGain * zMean[j];
            _pathSigma[j] = p;
            pathSquares += p * p;
        }
        for (int i = 0; i < _vectors; i++)
        {
            double cc = _cc[i];
            double keep = 1 - cc, gain = Math.Sqrt(mueff * cc * (2 - cc));
            var v = _directions.AsSpan(i * n, n);
            for (int j = 0; j < n; j++) v[j] = keep * v[j] + gain * zMean[j];
        }
        _sigma *= Math.Exp(cs / 2 * (pathSquares / n - 1));
    }

    /// <inheritdoc />
    /// <remarks>pyribs' tests: σ below <see cref="MinStepSize"/>, or a flat ranking; also a non-finite state.</remarks>
    public bool ShouldStop(ReadOnlySpan<double> rankingValues)
    {
        if (!double.IsFinite(_sigma) || _sigma < MinStepSize) return true;
        foreach (double v in _mean) if (!double.IsFinite(v)) return true;
        return rankingValues.Length >= 2 && Math.Abs(rankingValues[0] - rankingValues[^1]) < CmaEvolutionStrategy.FlatRankingTolerance;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        StrategyCheckpoint.WriteHeader(writer, CheckpointKind, _n, _lambda, _sigma0);
        writer.Write(_vectors);
        StrategyCheckpoint.WriteArray(writer, _mean);
        writer.Write(_sigma);
        StrategyCheckpoint.WriteArray(writer, _pathSigma);
        StrategyCheckpoint.WriteArray(writer, _directions);
        writer.Write(_generations);
        writer.Write(_evaluations);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        StrategyCheckpoint.ReadHeader(reader, CheckpointKind, _n, _lambda, _sigma0);
        int vectors = reader.ReadInt32();
        if (vectors != _vectors)
            throw new InvalidDataException($"Checkpoint was written by an LM-MA-ES with {vectors} direction vectors; this one has {_vectors}.");
        var mean = StrategyCheckpoint.ReadArray(reader, _n, "mean");
        double sigma = reader.ReadDouble();
        var pathSigma = StrategyCheckpoint.ReadArray(reader, _n, "p_σ");
        var directions = StrategyCheckpoint.ReadArray(reader, _vectors * _n, "direction vectors");
        long generations = reader.ReadInt64(), evaluations = reader.ReadInt64();
        if (generations < 0 || evaluations < 0) throw new InvalidDataException("Checkpoint counters are inconsistent.");
        var random = StrategyCheckpoint.ReadRandomState(reader);

        // Everything has been read and checked: only now does the state change.
        StrategyCheckpoint.CopyRandomState(random, _random);
        mean.CopyTo(_mean);
        _sigma = sigma;
        pathSigma.CopyTo(_pathSigma);
        directions.CopyTo(_directions);
        _generations = generations;
        _evaluations = evaluations;
    }
}

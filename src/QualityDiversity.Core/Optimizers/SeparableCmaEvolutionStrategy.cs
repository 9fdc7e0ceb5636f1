using System.Runtime.CompilerServices;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Optimizers;

/// <summary>
/// sep-CMA-ES: CMA-ES restricted to a diagonal covariance matrix (R. Ros and N. Hansen, "A Simple
/// Modification in CMA-ES Achieving Linear Time and Space Complexity", PPSN X, 2008), for high
/// dimensions where the O(n²) memory and time of <see cref="CmaEvolutionStrategy"/> do not pay off.
/// </summary>
/// <remarks>
/// <para>With C = diag(c), samples are x_k = m + σ·√c ∘ z_k and C^(−1/2)·y = y / √c, so
/// every operation is O(n) per sample and no eigendecomposition is ever needed. The mean, the
/// evolution paths, h_σ and cumulative step-size adaptation are those of CMA-ES (Hansen 2016);
/// the covariance update keeps only the diagonal of the rank-one and rank-μ terms,
/// c ← (1 − c_1 − c_μ + c_1·δ(h_σ))·c + c_1·p_c² + c_μ·Σ w_i·y_i², with c_1 and c_μ multiplied by
/// (n + 2)/3 because the diagonal has only n free parameters to learn.</para>
/// <para>With bounds, <see cref="Ask"/> redraws a row that leaves the box up to 10 times and
/// then clips it (pyribs redraws without limit, which can hang in high dimensions).</para>
/// <para>Per call, <see cref="Ask"/> and <see cref="Tell"/> allocate nothing. Not thread-safe.</para>
/// </remarks>
public sealed class SeparableCmaEvolutionStrategy : IEvolutionStrategy, BoundedSampling.IRowSampler
{
    private const string CheckpointKind = nameof(SeparableCmaEvolutionStrategy);

    private readonly int _n;
    private readonly int _lambda;
    private readonly double _sigma0;
    private readonly RandomSource _random;
    private readonly double _expectedNorm;

    // Distribution state.
    private readonly double[] _mean;
    private double _sigma;
    private readonly double[] _pathSigma;
    private readonly double[] _pathC;
    private readonly double[] _variances; // diagonal of C
    private readonly double[] _scales;    // √(diagonal of C)
    private long _evaluations;
    private long _generations;

    // Reused buffers.
    private readonly double[] _scratch;
    private readonly int[] _pending;
    private readonly double[] _weights;
    private readonly double[] _meanStep;
    private readonly double[] _rankMu;
    private readonly double[] _sampleScales;

    /// <summary>Creates the strategy with mean <paramref name="initialMean"/>, step size <paramref name="sigma0"/> and C = I.</summary>
    /// <param name="dimension">Dimension n ≥ 1 of the search space.</param>
    /// <param name="sigma0">Initial step size σ₀ &gt; 0.</param>
    /// <param name="populationSize">Population size λ ≥ 2; see <see cref="CmaEvolutionStrategy.DefaultPopulationSize"/>.</param>
    /// <param name="random">Random generator owned by this strategy from now on.</param>
    /// <param name="initialMean">Initial mean (n values); empty for the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">n, σ₀ or λ is out of range.</exception>
    /// <exception cref="ArgumentException">The initial mean has the wrong length or a non-finite value.</exception>
    public SeparableCmaEvolutionStrategy(int dimension, double sigma0, int populationSize, RandomSource random, ReadOnlySpan<double> initialMean = default)
    {
        StrategyArguments.CheckConfiguration(dimension, sigma0, populationSize, random);
        if (!initialMean.IsEmpty) StrategyArguments.CheckMean(initialMean, dimension, nameof(initialMean));

        _n = dimension;
        _lambda = populationSize;
        _sigma0 = sigma0;
        _random = random;
        _expectedNorm = CmaParameters.ExpectedNormalNorm(dimension);

        _mean = new double[dimension];
        _pathSigma = new double[dimension];
        _pathC = new double[dimension];
        _variances = new double[dimension];
        _scales = new double[dimension];

        _scratch = new double[populationSize * dimension];
        _pending = new int[populationSize];
        _weights = new double[populationSize];
        _meanStep = new double[dimension];
        _rankMu = new double[dimension];
        _sampleScales = new double[dimension];

        if (initialMean.IsEmpty) Reset(new double[dimension]);
        else Reset(initialMean);
    }

    /// <inheritdoc />
    public int Dimension => _n;

    /// <inheritdoc />
    public int PopulationSize => _lambda;

    /// <summary>Initial step size σ₀, restored by <see cref="Reset"/>.</summary>
    public double InitialStepSize => _sigma0;

    /// <inheritdoc />
    public double StepSize => _sigma;

    /// <inheritdoc />
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The diagonal of C.</summary>
    public ReadOnlySpan<double> Variances => _variances;

    /// <summary>Condition number of C: its largest over its smallest diagonal entry.</summary>
    public double ConditionNumber
    {
        get
        {
            double min = double.PositiveInfinity, max = 0;
            foreach (double v in _variances)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            return min > 0 ? max / min : double.PositiveInfinity;
        }
    }

    /// <summary>Number of evaluations told since the last reset.</summary>
    public long Evaluations => _evaluations;

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<double> mean)
    {
        StrategyArguments.CheckMean(mean, _n, nameof(mean));
        mean.CopyTo(_mean);
        _sigma = _sigma0;
        Array.Clear(_pathSigma);
        Array.Clear(_pathC);
        Array.Fill(_variances, 1.0);
        Array.Fill(_scales, 1.0);
        _evaluations = 0;
        _generations = 0;
    }

    /// <inheritdoc />
    public void Ask(Span<double> solutions, SolutionBounds? bounds = null)
    {
        StrategyArguments.CheckAsk(solutions, bounds, _n, _lambda);
        BoundedSampling.Sample(this, solutions, _n, bounds, _pending, _scratch);
    }

    /// <summary>Draws x_k = m + σ·√c ∘ z_k for <paramref name="rows"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void BoundedSampling.IRowSampler.DrawRows(Span<double> destination, int rows)
    {
        int n = _n;
        var block = destination[..(rows * n)];
        _random.FillGaussian(block);
        var sigmaD = _sampleScales.AsSpan();
        for (int j = 0; j < n; j++) sigmaD[j] = _sigma * _scales[j];
        for (int k = 0; k < rows; k++)
        {
            var x = block.Slice(k * n, n);
            for (int j = 0; j < n; j++) x[j] = Math.FusedMultiplyAdd(sigmaD[j], x[j], _mean[j]);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="solutions"/> is the λ × n block that was asked (the update uses these
    /// values). With <paramref name="parents"/> = 0 the evaluations are counted but the
    /// distribution is left unchanged, as pyribs does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents)
    {
        int n = _n;
        StrategyArguments.CheckTell(solutions, ranking, parents, n, _lambda);
        _evaluations += ranking.Length;
        _generations++;
        if (parents == 0) return;

        var rates = CmaParameters.ComputeSeparable(n, parents, _weights);
        double sigma = _sigma;

        // y_w = Σ w_i·y_i and the diagonal of the rank-μ term Σ w_i·y_i², with y_i = (x_i:λ − m)/σ.
        var meanStep = _meanStep.AsSpan();
        var rankMu = _rankMu.AsSpan();
        meanStep.Clear();
        rankMu.Clear();
        for (int i = 0; i < parents; i++)
        {
            var x = solutions.Slice(ranking[i] * n, n);
            double w = _weights[i];
            for (int j = 0; j < n; j++)
            {
                double y = (x[j] - _mean[j]) / sigma;
                meanStep[j] += w * y;
                rankMu[j] += w * y * y;
            }
        }

        double cs = rates.Cs, cc = rates.Cc;
        double sigmaPathGain = Math.Sqrt(cs * (2 - cs) * rates.Mueff);
        double pathSigmaSquares = 0;
        for (int j = 0; j < n; j++)
        {
            _mean[j] += sigma * meanStep[j];
            double p = (1 - cs) * _pathSigma[j] + sigmaPathGain * meanStep[j] / _scales[j];
            _pathSigma[j] = p;
            pathSigmaSquares += p * p;
        }
        double pathSigmaNorm = Math.Sqrt(pathSigmaSquares);

        double bias = 1 - Math.Pow(1 - cs, 2.0 * _generations);
        bool hsig = pathSigmaNorm / Math.Sqrt(bias) < (1.4 + 2.0 / (n + 1)) * _expectedNorm;
        double covPathGain = hsig ? Math.Sqrt(cc * (2 - cc) * rates.Mueff) : 0;
        double c1 = rates.C1, cmu = rates.Cmu;
        double decay = 1 - c1 - cmu + c1 * (hsig ? 0 : cc * (2 - cc));
        for (int j = 0; j < n; j++)
        {
            double pc = (1 - cc) * _pathC[j] + covPathGain * meanStep[j];
            _pathC[j] = pc;
            double v = decay * _variances[j] + c1 * pc * pc + cmu * rankMu[j];
            _variances[j] = v;
            _scales[j] = Math.Sqrt(v);
        }

        _sigma = sigma * Math.Exp(Math.Min(1, cs / rates.Damps * (pathSigmaNorm / _expectedNorm - 1)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The same tolerances as <see cref="CmaEvolutionStrategy.ShouldStop"/>: condition number of
    /// C above <see cref="CmaEvolutionStrategy.MaxConditionNumber"/>, σ·√max c below
    /// <see cref="CmaEvolutionStrategy.MinSearchSpread"/>, a flat ranking, or a non-finite state.
    /// </remarks>
    public bool ShouldStop(ReadOnlySpan<double> rankingValues)
    {
        double maxScale = 0;
        foreach (double d in _scales) maxScale = Math.Max(maxScale, d);
        return StopCriteria.Met(_sigma, _mean, ConditionNumber, maxScale, rankingValues);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        StrategyCheckpoint.WriteHeader(writer, CheckpointKind, _n, _lambda, _sigma0);
        StrategyCheckpoint.WriteArray(writer, _mean);
        writer.Write(_sigma);
        StrategyCheckpoint.WriteArray(writer, _pathSigma);
        StrategyCheckpoint.WriteArray(writer, _pathC);
        StrategyCheckpoint.WriteArray(writer, _variances);
        writer.Write(_evaluations);
        writer.Write(_generations);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        StrategyCheckpoint.ReadHeader(reader, CheckpointKind, _n, _lambda, _sigma0);
        int n = _n;
        var mean = StrategyCheckpoint.ReadArray(reader, n, "mean");
        double sigma = reader.ReadDouble();
        var pathSigma = StrategyCheckpoint.ReadArray(reader, n, "p_σ");
        var pathC = StrategyCheckpoint.ReadArray(reader, n, "p_c");
        var variances = StrategyCheckpoint.ReadArray(reader, n, "variances");
        long evaluations = reader.ReadInt64(), generations = reader.ReadInt64();
        if (evaluations < 0 || generations < 0)
            throw new InvalidDataException("Checkpoint counters are inconsistent.");
        var random = StrategyCheckpoint.ReadRandomState(reader);

        // Everything has been read and checked: only now does the state change.
        StrategyCheckpoint.CopyRandomState(random, _random);
        mean.CopyTo(_mean);
        _sigma = sigma;
        pathSigma.CopyTo(_pathSigma);
        pathC.CopyTo(_pathC);
        variances.CopyTo(_variances);
        // √c is a pure function of c, so recomputing it restores it bit for bit.
        for (int j = 0; j < n; j++) _scales[j] = Math.Sqrt(_variances[j]);
        _evaluations = evaluations;
        _generations = generations;
    }
}

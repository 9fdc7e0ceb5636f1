using System.Runtime.CompilerServices;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Optimizers;

/// <summary>
/// CMA-ES with a full covariance matrix and Hansen's default settings (N. Hansen, "The CMA
/// Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016), in the form pyribs uses inside
/// CMA-ME and CMA-MAE emitters.
/// </summary>
/// <remarks>
/// <para>Samples are x_k = m + σ·B·D·z_k with z_k ~ N(0, I), where C = B·D²·Bᵀ. After a ranking,
/// the μ best are recombined with weights w_i ∝ ln(μ + ½) − ln i into the new mean, the
/// evolution paths are cumulated,
/// p_σ ← (1 − c_σ)·p_σ + √(c_σ(2 − c_σ)μ_eff)·C^(−1/2)·y_w and
/// p_c ← (1 − c_c)·p_c + h_σ·√(c_c(2 − c_c)μ_eff)·y_w with y_w = (m′ − m)/σ,
/// the covariance gets the rank-one and rank-μ updates
/// C ← (1 − c_1 − c_μ + c_1·δ(h_σ))·C + c_1·p_c·p_cᵀ + c_μ·Σ w_i·y_i·y_iᵀ with y_i = (x_i:λ − m)/σ,
/// and the step size follows cumulative step-size adaptation,
/// σ ← σ·exp(min(1, (c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1))).</para>
/// <para>μ may change from one <see cref="Tell"/> to the next (the "filter" selection rule of
/// CMA-ME passes the number of archive-improving candidates), so weights and learning rates
/// are recomputed on every update.</para>
/// <para>The eigendecomposition of C costs O(n³), so it is redone only every
/// <see cref="EigendecompositionGap"/> evaluations (by default 0.5·λ / ((c_1 + c_μ)·n), the lazy
/// gap of pyribs and of Hansen's Python purecma; see <see cref="LazyGapFactor"/>), which makes
/// its amortised cost O(n²) per sample. In between, sampling and C^(−1/2) use the last B and D.</para>
/// <para>With bounds, <see cref="Ask"/> redraws a row that leaves the box up to 10 times and
/// then clips it (pyribs redraws without limit, which can hang in high dimensions).</para>
/// <para>Per call, <see cref="Ask"/> and <see cref="Tell"/> allocate nothing. Not thread-safe.
/// Results are bit-reproducible for a seed on a given machine; SIMD width can change the last
/// bits between machines.</para>
/// </remarks>
public sealed class CmaEvolutionStrategy : IEvolutionStrategy, BoundedSampling.IRowSampler
{
    private const string CheckpointKind = nameof(CmaEvolutionStrategy);

    /// <summary>Restart when the condition number of C exceeds this (pyribs' tolerance).</summary>
    public const double MaxConditionNumber = 1e14;

    /// <summary>Restart when σ·√(largest eigenvalue of C), the spread of the search, falls below this.</summary>
    public const double MinSearchSpread = 1e-11;

    /// <summary>Restart when the first and last ranking values differ by less than this.</summary>
    public const double FlatRankingTolerance = 1e-12;

    /// <summary>The default <see cref="LazyGapFactor"/>, pyribs' and Hansen's Python purecma's 0.5.</summary>
    public const double DefaultLazyGapFactor = 0.5;

    private readonly int _n;
    private readonly int _lambda;
    private readonly double _sigma0;
    private readonly RandomSource _random;
    private readonly double _expectedNorm;
    private readonly double _gapUnit;             // λ / ((c_1 + c_μ)·n) evaluations, at μ = ⌊λ/2⌋
    private readonly double _lazyGapFactor = DefaultLazyGapFactor;
    private readonly double _lazyGapEvaluations;
    private readonly SymmetricEigensolver _eigensolver;

    // Distribution state.
    private readonly double[] _mean;
    private double _sigma;
    private readonly double[] _pathSigma;
    private readonly double[] _pathC;
    private readonly double[] _covariance;   // row-major; only the upper triangle (j ≥ i) is maintained
    private readonly double[] _eigenvectors; // Bᵀ, row-major: row j is the j-th eigenvector of C
    private readonly double[] _scales;       // D: square roots of the eigenvalues of C
    private double _conditionNumber;
    private double _maxScale;
    private long _evaluations;
    private long _generations;
    private long _decompositionEvaluation;

    // Reused buffers, so that Ask and Tell never allocate.
    private readonly double[] _normals;
    private readonly double[] _scratch;
    private readonly int[] _pending;
    private readonly double[] _weights;
    private readonly double[] _steps;        // rows y_1…y_μ, then p_c
    private readonly double[] _stepScales;
    private readonly double[] _coefficients;
    private readonly double[] _meanStep;
    private readonly double[] _eigenCoordinates;
    private readonly double[] _whitened;
    private readonly double[] _eigenvalues;
    private readonly double[] _sampleScales;

    /// <summary>Creates the strategy with mean <paramref name="initialMean"/>, step size <paramref name="sigma0"/> and C = I.</summary>
    /// <param name="dimension">Dimension n ≥ 1 of the search space.</param>
    /// <param name="sigma0">Initial step size σ₀ &gt; 0.</param>
    /// <param name="populationSize">Population size λ ≥ 2; see <see cref="DefaultPopulationSize"/>.</param>
    /// <param name="random">Random generator owned by this strategy from now on.</param>
    /// <param name="initialMean">Initial mean (n values); empty for the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">n, σ₀ or λ is out of range.</exception>
    /// <exception cref="ArgumentException">The initial mean has the wrong length or a non-finite value.</exception>
    public CmaEvolutionStrategy(int dimension, double sigma0, int populationSize, RandomSource random, ReadOnlySpan<double> initialMean = default)
    {
        StrategyArguments.CheckConfiguration(dimension, sigma0, populationSize, random);
        if (!initialMean.IsEmpty) StrategyArguments.CheckMean(initialMean, dimension, nameof(initialMean));

        _n = dimension;
        _lambda = populationSize;
        _sigma0 = sigma0;
        _random = random;
        _expectedNorm = CmaParameters.ExpectedNormalNorm(dimension);
        _eigensolver = new SymmetricEigensolver(dimension);

        _mean = new double[dimension];
        _pathSigma = new double[dimension];
        _pathC = new double[dimension];
        _covariance = new double[dimension * dimension];
        _eigenvectors = new double[dimension * dimension];
        _scales = new double[dimension];

        _normals = new double[populationSize * dimension];
        _scratch = new double[populationSize * dimension];
        _pending = new int[populationSize];
        _weights = new double[populationSize];
        _steps = new double[(populationSize + 1) * dimension];
        _stepScales = new double[populationSize + 1];
        _coefficients = new double[populationSize + 1];
        _meanStep = new double[dimension];
        _eigenCoordinates = new double[dimension];
        _whitened = new double[dimension];
        _eigenvalues = new double[dimension];
        _sampleScales = new double[dimension];

        var rates = CmaParameters.Compute(dimension, populationSize / 2, _weights);
        _gapUnit = populationSize / ((rates.C1 + rates.Cmu) * dimension);
        _lazyGapEvaluations = _lazyGapFactor * _gapUnit;

        if (initialMean.IsEmpty) Reset(new double[dimension]);
        else Reset(initialMean);
    }

    /// <summary>The default population size 4 + ⌊3 ln n⌋ (Hansen 2016, Table 1; pyribs' default batch size).</summary>
    public static int DefaultPopulationSize(int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        return 4 + (int)Math.Floor(3 * Math.Log(dimension));
    }

    /// <summary>
    /// How long B and D may lag behind C: C is decomposed again once
    /// <see cref="LazyGapFactor"/>·λ / ((c_1 + c_μ)·n) evaluations have passed since the last
    /// decomposition, with c_1 and c_μ taken at μ = ⌊λ/2⌋ — that is, once the covariance has
    /// learned about <see cref="LazyGapFactor"/>/n of its scale. The default 0.5 is pyribs' and
    /// Hansen's Python purecma's (his Matlab purecmaes uses 0.1). The O(n³) decomposition
    /// dominates the cost of an update at n ≈ 100, so a larger factor trades slightly stale
    /// sampling directions for speed; 0 decomposes after every update. Set it at construction.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double LazyGapFactor
    {
        get => _lazyGapFactor;
        init
        {
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(LazyGapFactor), value, "The factor must be finite and at least 0.");
            _lazyGapFactor = value;
            _lazyGapEvaluations = value * _gapUnit;
        }
    }

    /// <summary>
    /// The rank-one covariance rule: <see cref="CmaCovarianceUpdate.Standard"/> (the default) or
    /// <see cref="CmaCovarianceUpdate.Pyribs"/> to reproduce pyribs' figures. Set it at construction.
    /// </summary>
    public CmaCovarianceUpdate CovarianceUpdate { get; init; } = CmaCovarianceUpdate.Standard;

    /// <summary>
    /// Evaluations between two eigendecompositions of C, <see cref="LazyGapFactor"/>·λ / ((c_1 + c_μ)·n).
    /// Setting it at construction sets the factor to match; <see cref="double.MaxValue"/> never
    /// decomposes again, which isolates the cost of the decompositions in benchmarks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double EigendecompositionGap
    {
        get => _lazyGapEvaluations;
        init
        {
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(EigendecompositionGap), value, "The gap must be a finite number of evaluations, at least 0.");
            _lazyGapEvaluations = value;
            _lazyGapFactor = value / _gapUnit;
        }
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

    /// <summary>Condition number of C (ratio of its extreme eigenvalues) at the last eigendecomposition.</summary>
    public double ConditionNumber => _conditionNumber;

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
        Array.Clear(_covariance);
        Array.Clear(_eigenvectors);
        for (int i = 0; i < _n; i++)
        {
            _covariance[i * _n + i] = 1;
            _eigenvectors[i * _n + i] = 1;
            _scales[i] = 1;
        }
        _conditionNumber = 1;
        _maxScale = 1;
        _evaluations = 0;
        _generations = 0;
        _decompositionEvaluation = 0;
    }

    /// <inheritdoc />
    public void Ask(Span<double> solutions, SolutionBounds? bounds = null)
    {
        StrategyArguments.CheckAsk(solutions, bounds, _n, _lambda);
        BoundedSampling.Sample(this, solutions, _n, bounds, _pending, _scratch);
    }

    /// <summary>Draws x_k = m + σ·B·(D ∘ z_k) for <paramref name="rows"/> rows as one matrix product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void BoundedSampling.IRowSampler.DrawRows(Span<double> destination, int rows)
    {
        int n = _n;
        var z = _normals.AsSpan(0, rows * n);
        _random.FillGaussian(z);
        var sigmaD = _sampleScales.AsSpan();
        for (int j = 0; j < n; j++) sigmaD[j] = _sigma * _scales[j];
        // Row k of the result is m + Σ_j (σ·D_j·z_kj)·(row j of Bᵀ), i.e. (σ·Z·D)·Bᵀ added to m.
        for (int k = 0; k < rows; k++)
        {
            var zk = z.Slice(k * n, n);
            for (int j = 0; j < n; j++) zk[j] *= sigmaD[j];
            _mean.CopyTo(destination.Slice(k * n, n));
        }
        DenseKernels.MultiplyAccumulate(z, rows, n, _eigenvectors, n, destination[..(rows * n)]);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="solutions"/> is the λ × n block that was asked (possibly clipped or
    /// repaired by the caller: the update uses these values). With <paramref name="parents"/> = 0
    /// the evaluations are counted but the distribution is left unchanged, as pyribs does when no
    /// candidate improved the archive.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents)
    {
        int n = _n;
        StrategyArguments.CheckTell(solutions, ranking, parents, n, _lambda);
        _evaluations += ranking.Length;
        _generations++;
        if (parents == 0) return;

        var rates = CmaParameters.Compute(n, parents, _weights);
        double sigma = _sigma;

        // y_i = (x_i:λ − m)/σ and their weighted sum y_w = (m′ − m)/σ.
        var meanStep = _meanStep.AsSpan();
        meanStep.Clear();
        for (int i = 0; i < parents; i++)
        {
            var x = solutions.Slice(ranking[i] * n, n);
            var y = _steps.AsSpan(i * n, n);
            for (int j = 0; j < n; j++) y[j] = (x[j] - _mean[j]) / sigma;
            DenseKernels.Axpy(_weights[i], ref y[0], ref meanStep[0], n);
        }
        for (int j = 0; j < n; j++) _mean[j] += sigma * meanStep[j];

        // p_σ with C^(−1/2)·y_w = B·D⁻¹·Bᵀ·y_w.
        for (int j = 0; j < n; j++)
            _eigenCoordinates[j] = DenseKernels.Dot(_eigenvectors.AsSpan(j * n, n), meanStep) / _scales[j];
        var whitened = _whitened.AsSpan();
        whitened.Clear();
        for (int j = 0; j < n; j++) DenseKernels.Axpy(_eigenCoordinates[j], ref _eigenvectors[j * n], ref whitened[0], n);
        double cs = rates.Cs;
        double sigmaPathGain = Math.Sqrt(cs * (2 - cs) * rates.Mueff);
        double pathSigmaSquares = 0;
        for (int j = 0; j < n; j++)
        {
            double p = (1 - cs) * _pathSigma[j] + sigmaPathGain * whitened[j];
            _pathSigma[j] = p;
            pathSigmaSquares += p * p;
        }
        double pathSigmaNorm = Math.Sqrt(pathSigmaSquares);

        // h_σ stalls p_c while ‖p_σ‖ is large, i.e. while σ is still growing fast (Hansen 2016,
        // eq. 45; pyribs compares the squared norm per dimension instead).
        bool pyribs = CovarianceUpdate == CmaCovarianceUpdate.Pyribs;
        double bias = 1 - Math.Pow(1 - cs, 2.0 * _generations);
        bool hsig = pyribs
            ? pathSigmaSquares / n / bias < 2 + 4.0 / (n + 1)
            : pathSigmaNorm / Math.Sqrt(bias) < (1.4 + 2.0 / (n + 1)) * _expectedNorm;
        double cc = rates.Cc;
        double covPathGain = hsig ? Math.Sqrt(cc * (2 - cc) * rates.Mueff) : 0;
        // The pyribs rule accumulates the raw mean step m′ − m = σ·y_w.
        double pathStepScale = pyribs ? covPathGain * sigma : covPathGain;
        for (int j = 0; j < n; j++) _pathC[j] = (1 - cc) * _pathC[j] + pathStepScale * meanStep[j];

        // C ← (1 − c_1 − c_μ + c_1·δ(h_σ))·C + c_1·p_c·p_cᵀ + c_μ·Σ w_i·y_i·y_iᵀ: p_c joins the
        // y_i as one more weighted outer product, on the upper triangle only.
        double c1 = rates.C1, cmu = rates.Cmu;
        double stall = hsig ? 0 : cc * (2 - cc);
        double decay = 1 - c1 - cmu + c1 * stall;
        _pathC.CopyTo(_steps.AsSpan(parents * n, n));
        for (int i = 0; i < parents; i++) _stepScales[i] = cmu * _weights[i];
        _stepScales[parents] = pyribs ? c1 * c1 : c1;
        DenseKernels.SymmetricRankUpdate(_covariance, n, decay, _steps.AsSpan(0, (parents + 1) * n), _stepScales.AsSpan(0, parents + 1), _coefficients);

        // Cumulative step-size adaptation; the cap on the exponent (as in pycma/pyribs) guards
        // against a single huge jump when p_σ is far from its stationary length.
        double pathRatio = pyribs ? (pathSigmaSquares / n - 1) / 2 : pathSigmaNorm / _expectedNorm - 1;
        _sigma = sigma * Math.Exp(Math.Min(1, cs / rates.Damps * pathRatio));

        if (_evaluations > _decompositionEvaluation + _lazyGapEvaluations) UpdateEigensystem();
    }

    /// <summary>Recomputes B and D from C (the lazy O(n³) step) and the condition number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateEigensystem()
    {
        _decompositionEvaluation = _evaluations;
        // Non-finite solutions poison the diagonal of C first; decomposing such a C is
        // meaningless, so keep the old B and D and let the condition number request a restart.
        for (int i = 0; i < _n; i++)
        {
            if (!double.IsFinite(_covariance[i * _n + i]))
            {
                _conditionNumber = double.PositiveInfinity;
                return;
            }
        }
        _eigensolver.Decompose(_covariance, _eigenvalues, _eigenvectors);
        double min = double.PositiveInfinity, max = 0;
        foreach (double value in _eigenvalues)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        // Rounding can leave tiny negative eigenvalues on a degenerate C; floor them so that D and
        // D⁻¹ stay finite and let the condition number (then infinite) ask for a restart.
        double floor = Math.Max(max, double.Epsilon) * 1e-300;
        for (int j = 0; j < _n; j++) _scales[j] = Math.Sqrt(Math.Max(_eigenvalues[j], floor));
        _conditionNumber = min > 0 ? max / min : double.PositiveInfinity;
        _maxScale = Math.Sqrt(max);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The tolerances of pyribs: the condition number of C above <see cref="MaxConditionNumber"/>,
    /// σ·√(largest eigenvalue) below <see cref="MinSearchSpread"/>, or at least two ranking values
    /// whose first and last differ by less than <see cref="FlatRankingTolerance"/>. A non-finite
    /// step size or mean also stops the strategy.
    /// </remarks>
    public bool ShouldStop(ReadOnlySpan<double> rankingValues)
        => StopCriteria.Met(_sigma, _mean, _conditionNumber, _maxScale, rankingValues);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        StrategyCheckpoint.WriteHeader(writer, CheckpointKind, _n, _lambda, _sigma0);
        writer.Write(_lazyGapFactor);
        StrategyCheckpoint.WriteArray(writer, _mean);
        writer.Write(_sigma);
        StrategyCheckpoint.WriteArray(writer, _pathSigma);
        StrategyCheckpoint.WriteArray(writer, _pathC);
        StrategyCheckpoint.WriteArray(writer, _covariance);
        StrategyCheckpoint.WriteArray(writer, _eigenvectors);
        StrategyCheckpoint.WriteArray(writer, _scales);
        writer.Write(_conditionNumber);
        writer.Write(_maxScale);
        writer.Write(_evaluations);
        writer.Write(_generations);
        writer.Write(_decompositionEvaluation);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        StrategyCheckpoint.ReadHeader(reader, CheckpointKind, _n, _lambda, _sigma0);
        double gapFactor = reader.ReadDouble();
        if (BitConverter.DoubleToInt64Bits(gapFactor) != BitConverter.DoubleToInt64Bits(_lazyGapFactor))
            throw new InvalidDataException($"Checkpoint was written with a lazy gap factor of {gapFactor}; this strategy uses {_lazyGapFactor}.");
        int n = _n;
        var mean = StrategyCheckpoint.ReadArray(reader, n, "mean");
        double sigma = reader.ReadDouble();
        var pathSigma = StrategyCheckpoint.ReadArray(reader, n, "p_σ");
        var pathC = StrategyCheckpoint.ReadArray(reader, n, "p_c");
        var covariance = StrategyCheckpoint.ReadArray(reader, n * n, "covariance");
        var eigenvectors = StrategyCheckpoint.ReadArray(reader, n * n, "eigenvectors");
        var scales = StrategyCheckpoint.ReadArray(reader, n, "D");
        double condition = reader.ReadDouble(), maxScale = reader.ReadDouble();
        long evaluations = reader.ReadInt64(), generations = reader.ReadInt64(), decomposition = reader.ReadInt64();
        if (evaluations < 0 || generations < 0 || decomposition < 0 || decomposition > evaluations)
            throw new InvalidDataException("Checkpoint counters are inconsistent.");
        var random = StrategyCheckpoint.ReadRandomState(reader);

        // Everything has been read and checked: only now does the state change.
        StrategyCheckpoint.CopyRandomState(random, _random);
        mean.CopyTo(_mean);
        _sigma = sigma;
        pathSigma.CopyTo(_pathSigma);
        pathC.CopyTo(_pathC);
        covariance.CopyTo(_covariance);
        eigenvectors.CopyTo(_eigenvectors);
        scales.CopyTo(_scales);
        _conditionNumber = condition;
        _maxScale = maxScale;
        _evaluations = evaluations;
        _generations = generations;
        _decompositionEvaluation = decomposition;
    }

    /// <summary>Copies C, both triangles filled, into <paramref name="destination"/> (for diagnostics and tests).</summary>
    internal void CopyCovariance(Span<double> destination)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) destination[i * n + j] = destination[j * n + i] = _covariance[i * n + j];
    }
}

using QualityDiversity.Emitters;
using QualityDiversity.Optimizers.Gradient;
using QualityDiversity.Randomness;

namespace QualityDiversity.Optimizers;

/// <summary>
/// OpenAI-ES (T. Salimans, J. Ho, X. Chen, S. Sidor and I. Sutskever, "Evolution Strategies as a
/// Scalable Alternative to Reinforcement Learning", 2017): an isotropic Gaussian of fixed width σ₀
/// around θ, whose mean follows a rank-based estimate of the search gradient through Adam.
/// </summary>
/// <remarks>
/// <para>Rows are θ + σ₀·ε. With mirror sampling (the default) the second half of the batch
/// mirrors the first (ε_{k+λ/2} = −ε_k), so λ must be even. The ranking is turned into centred
/// ranks r ∈ [−½, ½] (the best row gets ½, the worst −½), and the gradient estimate is
/// g = Σ_k (r_k − r_{k+λ/2})·ε_k / (λ/2·σ₀) with mirroring, or Σ_k r_k·ε_k / (λ·σ₀) without;
/// Adam ascends along g. The update uses the whole ranking: the number of parents μ only
/// matters in that the ranking must list all λ rows (as pyribs, which ignores μ here).</para>
/// <para>With bounds, rows outside the box are clipped onto it (after up to 10 redraws without
/// mirror sampling); the gradient estimate uses the noise that was drawn.</para>
/// <para><see cref="ShouldStop"/> asks for a restart when an update moved θ by less than
/// <see cref="MinUpdateRatio"/> of its norm, when the ranking is flat, or when θ is not finite.</para>
/// <para>Per call, <see cref="Ask"/> and <see cref="Tell"/> allocate nothing. Not thread-safe.</para>
/// </remarks>
public sealed class OpenAiEvolutionStrategy : IEvolutionStrategy
{
    private const string CheckpointKind = nameof(OpenAiEvolutionStrategy);

    /// <summary>Default Adam learning rate (pyribs').</summary>
    public const double DefaultLearningRate = 0.001;

    /// <summary>Relative size of an update below which the strategy asks to be restarted (pyribs').</summary>
    public const double MinUpdateRatio = 1e-9;

    private readonly int _n;
    private readonly int _lambda;
    private readonly double _sigma0;
    private readonly RandomSource _random;
    private readonly AdamOptimizer _adam;
    private double _lastUpdateRatio;

    // Reused buffers.
    private readonly double[] _noise;    // λ × n
    private readonly double[] _ranks;    // λ
    private readonly double[] _gradient; // n
    private readonly double[] _previous; // n

    /// <summary>Creates the strategy with mean <paramref name="initialMean"/> and width <paramref name="sigma0"/>.</summary>
    /// <param name="dimension">Dimension n ≥ 1 of the search space.</param>
    /// <param name="sigma0">Fixed width σ₀ &gt; 0 of the sampling distribution.</param>
    /// <param name="populationSize">Population size λ ≥ 2; even with mirror sampling.</param>
    /// <param name="random">Random generator owned by this strategy from now on.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <param name="mirrorSampling">Whether the second half of each batch mirrors the first.</param>
    /// <param name="initialMean">Initial mean (n values); empty for the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">n, σ₀, λ or the learning rate is out of range.</exception>
    /// <exception cref="ArgumentException">The initial mean has the wrong length or a non-finite value.</exception>
    public OpenAiEvolutionStrategy(int dimension, double sigma0, int populationSize, RandomSource random,
        double learningRate = DefaultLearningRate, bool mirrorSampling = true, ReadOnlySpan<double> initialMean = default)
    {
        StrategyArguments.CheckConfiguration(dimension, sigma0, populationSize, random);
        if (mirrorSampling && populationSize % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(populationSize), populationSize, "OpenAI-ES with mirror sampling needs an even population size (batch_size).");
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The Adam learning rate must be finite and positive.");
        if (!initialMean.IsEmpty) StrategyArguments.CheckMean(initialMean, dimension, nameof(initialMean));

        _n = dimension;
        _lambda = populationSize;
        _sigma0 = sigma0;
        _random = random;
        MirrorSampling = mirrorSampling;
        _adam = new AdamOptimizer(new double[dimension], learningRate);
        _noise = new double[populationSize * dimension];
        _ranks = new double[populationSize];
        _gradient = new double[dimension];
        _previous = new double[dimension];

        if (initialMean.IsEmpty) Reset(new double[dimension]);
        else Reset(initialMean);
    }

    /// <inheritdoc />
    public int Dimension => _n;

    /// <inheritdoc />
    public int PopulationSize => _lambda;

    /// <summary>The fixed width σ₀ of the sampling distribution; OpenAI-ES does not adapt it.</summary>
    public double StepSize => _sigma0;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate => _adam.LearningRate;

    /// <summary>Whether the second half of each batch mirrors the first.</summary>
    public bool MirrorSampling { get; }

    /// <inheritdoc />
    public ReadOnlySpan<double> Mean => _adam.Theta;

    /// <summary>‖Δθ‖ / ‖θ‖ of the last update; +∞ before the first.</summary>
    public double LastUpdateRatio => _lastUpdateRatio;

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<double> mean)
    {
        StrategyArguments.CheckMean(mean, _n, nameof(mean));
        _adam.Reset(mean);
        _lastUpdateRatio = double.PositiveInfinity;
    }

    /// <inheritdoc />
    public void Ask(Span<double> solutions, SolutionBounds? bounds = null)
    {
        StrategyArguments.CheckAsk(solutions, bounds, _n, _lambda);
        int n = _n;
        if (MirrorSampling)
        {
            int half = _lambda / 2 * n;
            _random.FillGaussian(_noise.AsSpan(0, half));
            for (int i = 0; i < half; i++) _noise[half + i] = -_noise[i];
        }
        else
        {
            _random.FillGaussian(_noise);
        }
        for (int k = 0; k < _lambda; k++) ToSolution(_noise.AsSpan(k * n, n), solutions.Slice(k * n, n));
        if (bounds is null) return;

        for (int k = 0; k < _lambda; k++)
        {
            var row = solutions.Slice(k * n, n);
            for (int round = 0; !MirrorSampling && round < BoundedSampling.MaxResampleRounds && BoundedSampling.IsOutside(row, bounds.Lower, bounds.Upper); round++)
            {
                var noise = _noise.AsSpan(k * n, n);
                _random.FillGaussian(noise);
                ToSolution(noise, row);
            }
            if (BoundedSampling.IsOutside(row, bounds.Lower, bounds.Upper)) bounds.Clip(row);
        }
    }

    private void ToSolution(ReadOnlySpan<double> noise, Span<double> x)
    {
        var theta = _adam.Theta;
        for (int j = 0; j < x.Length; j++) x[j] = Math.FusedMultiplyAdd(_sigma0, noise[j], theta[j]);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The ranking does not list all λ rows.</exception>
    public void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents)
    {
        int n = _n, lambda = _lambda;
        StrategyArguments.CheckTell(solutions, ranking, parents, n, lambda);
        if (ranking.Length != lambda)
            throw new ArgumentException($"OpenAI-ES ranks the whole population: the ranking lists {ranking.Length} rows; λ = {lambda}.", nameof(ranking));

        // Centred ranks: ranking[0] (best) gets ½, ranking[λ−1] gets −½.
        Array.Fill(_ranks, double.NaN);
        for (int i = 0; i < lambda; i++)
        {
            int row = ranking[i];
            if ((uint)row >= (uint)lambda || !double.IsNaN(_ranks[row]))
                throw new ArgumentException($"Ranking entry {i} (row {row}) is out of range or repeated; the ranking must be a permutation of 0…{lambda - 1}.", nameof(ranking));
            _ranks[row] = (double)(lambda - 1 - i) / (lambda - 1) - 0.5;
        }

        var gradient = _gradient.AsSpan();
        gradient.Clear();
        int terms = MirrorSampling ? lambda / 2 : lambda;
        for (int k = 0; k < terms; k++)
        {
            double weight = MirrorSampling ? _ranks[k] - _ranks[k + terms] : _ranks[k];
            var noise = _noise.AsSpan(k * n, n);
            for (int j = 0; j < n; j++) gradient[j] += weight * noise[j];
        }
        double scale = 1.0 / (terms * _sigma0);
        for (int j = 0; j < n; j++) gradient[j] *= scale;

        _adam.Theta.CopyTo(_previous);
        _adam.Step(gradient);
        var theta = _adam.Theta;
        double moved = 0, norm = 0;
        for (int j = 0; j < n; j++)
        {
            double d = theta[j] - _previous[j];
            moved += d * d;
            norm += theta[j] * theta[j];
        }
        _lastUpdateRatio = Math.Sqrt(moved) / Math.Sqrt(norm);
    }

    /// <inheritdoc />
    public bool ShouldStop(ReadOnlySpan<double> rankingValues)
    {
        foreach (double v in _adam.Theta) if (!double.IsFinite(v)) return true;
        if (_lastUpdateRatio < MinUpdateRatio) return true;
        return rankingValues.Length >= 2 && Math.Abs(rankingValues[0] - rankingValues[^1]) < CmaEvolutionStrategy.FlatRankingTolerance;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        StrategyCheckpoint.WriteHeader(writer, CheckpointKind, _n, _lambda, _sigma0);
        writer.Write(MirrorSampling);
        writer.Write(_lastUpdateRatio);
        _adam.WriteState(writer);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        StrategyCheckpoint.ReadHeader(reader, CheckpointKind, _n, _lambda, _sigma0);
        bool mirror = reader.ReadBoolean();
        if (mirror != MirrorSampling)
            throw new InvalidDataException($"Checkpoint was written by an OpenAI-ES with mirror sampling {(mirror ? "on" : "off")}; this one has it {(MirrorSampling ? "on" : "off")}.");
        double ratio = reader.ReadDouble();
        // Read into scratch objects first, so that a truncated checkpoint changes nothing.
        var adam = new AdamOptimizer(new double[_n], _adam.LearningRate);
        adam.ReadState(reader);
        var random = StrategyCheckpoint.ReadRandomState(reader);

        using (var buffer = new MemoryStream())
        {
            using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) adam.WriteState(w);
            buffer.Position = 0;
            using var r = new BinaryReader(buffer);
            _adam.ReadState(r);
        }
        StrategyCheckpoint.CopyRandomState(random, _random);
        _lastUpdateRatio = ratio;
    }
}

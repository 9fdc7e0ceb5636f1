using QualityDiversity.Archives;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Optimizers;
using QualityDiversity.Optimizers.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters.Gradient;

/// <summary>
/// The emitter of CMA-MEGA (Fontaine and Nikolaidis 2021, "Differentiable Quality Diversity") and,
/// over an archive with a learning rate and the improvement ranker, of CMA-MAEGA (Fontaine and
/// Nikolaidis 2023, "Covariance Matrix Adaptation MAP-Annealing"), after pyribs'
/// <c>GradientArborescenceEmitter</c>. It keeps a solution point θ, branches out from it along the
/// objective and measure gradients with coefficients drawn by an evolution strategy, and moves θ
/// by gradient ascent in the direction the ranking favours.
/// </summary>
/// <remarks>
/// <para>Each step: <see cref="AskDqd"/> returns θ; its Jacobian <c>J = [∇f; ∇m_1; …; ∇m_k]</c>
/// arrives through <see cref="TellDqd"/>, each row scaled to <c>g / (‖g‖ + ε)</c> when
/// gradients are normalised. <see cref="Ask"/> draws λ coefficient vectors <c>c_i ∈ R^(k+1)</c>
/// from the strategy and proposes <c>θ + Σ_j c_ij J_j</c>. <see cref="Tell"/> ranks the batch;
/// the strategy is updated from the coefficients of the first μ candidates (μ = accepted count
/// for <see cref="SelectionRule.Filter"/>, <c>⌊λ/2⌋</c> for <see cref="SelectionRule.Mu"/>); the
/// gradient optimizer steps along <c>Σ_r w_r x_(r) - θ</c>, with CMA-ES' log weights
/// <c>w_r ∝ ln(μ + ½) - ln r</c> over the first μ ranked solutions <c>x_(r)</c>, which equals
/// <c>J Σ_r w_r c_(r)</c>, the paper's gradient step. When μ = 0 (filter selection, nothing
/// accepted) θ stays where it is; pyribs' weighted mean of no solutions would be the origin.</para>
/// <para>After the update the emitter restarts when the strategy's stop test fires on the
/// ranking values or the <see cref="RestartRule"/> asks for it: θ moves to an elite drawn
/// uniformly from the archive (to <c>x0</c> while it is empty), the optimizer's state and the
/// strategy (mean 0, σ₀) are reset, and the ranker is reset.</para>
/// <para>Like pyribs' emitter it takes no solution bounds. Random streams: the strategy samples
/// from its own generator, derived from <c>random</c> at construction; the emitter's generator
/// draws restart elites and ranker directions.</para>
/// </remarks>
public sealed class GradientArborescenceEmitter : IGradientEmitter<double>, IRestartingEmitter
{
    private readonly IEvolutionStrategy _strategy;
    private readonly IGradientOptimizer _optimizer;
    private readonly RandomSource _random;
    private readonly double[] _x0;
    private readonly double[] _point;
    private readonly double[] _zeros;
    private readonly double[] _coefficients;
    private readonly double[] _solutions;
    private readonly double[] _step;
    private readonly double[] _weights;
    private readonly int[] _ranking;
    private readonly double[] _values;
    private readonly double[] _stopValues;
    private readonly int[] _slot = new int[1];
    private readonly JacobianBuffer _jacobian;

    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">The archive the emitter searches in.</param>
    /// <param name="x0">Initial solution point θ (copied); also the restart point while the archive is empty.</param>
    /// <param name="sigma0">Initial step size σ₀ &gt; 0 of the coefficient distribution.</param>
    /// <param name="learningRate">Learning rate η of the gradient optimizer.</param>
    /// <param name="ranker">Orders each evaluated batch (owned by this emitter; reset here).</param>
    /// <param name="random">The emitter's random generator (owned by this emitter).</param>
    /// <param name="selectionRule">Parent selection; pyribs' default is <see cref="SelectionRule.Filter"/>.</param>
    /// <param name="restartRule">Restart rule; the default is <see cref="RestartRule.NoImprovement"/>.</param>
    /// <param name="gradientOptimizer">Creates the optimizer of θ; null for Adam (pyribs' default).</param>
    /// <param name="normalizeGradients">Whether each gradient is scaled to unit length (pyribs' default true).</param>
    /// <param name="batchSize">Candidates λ per <see cref="Ask"/> (the point of <see cref="AskDqd"/> not included); null for CMA-ES' default for k + 1 coefficients.</param>
    /// <param name="epsilon">ε added to gradient norms when normalising.</param>
    /// <param name="strategy">Creates the evolution strategy over the coefficients; null for CMA-ES.</param>
    public GradientArborescenceEmitter(IArchive<double> archive, double[] x0, double sigma0, double learningRate, IRanker ranker, RandomSource random,
        SelectionRule selectionRule = SelectionRule.Filter, RestartRule? restartRule = null, GradientOptimizerFactory? gradientOptimizer = null,
        bool normalizeGradients = true, int? batchSize = null, double epsilon = 1e-8, EvolutionStrategyFactory? strategy = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(ranker);
        ArgumentNullException.ThrowIfNull(random);
        int d = archive.SolutionWidth;
        if (x0.Length != d) throw new ArgumentException($"x0 has {x0.Length} values; the solution dimension is {d}.", nameof(x0));
        for (int i = 0; i < d; i++)
            if (!double.IsFinite(x0[i])) throw new ArgumentException($"x0[{i}] is {x0[i]}; it must be finite.", nameof(x0));
        if (!(sigma0 > 0) || !double.IsFinite(sigma0)) throw new ArgumentOutOfRangeException(nameof(sigma0), sigma0, "sigma0 must be finite and positive.");
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "lr must be finite and positive.");
        if (!Enum.IsDefined(selectionRule)) throw new ArgumentOutOfRangeException(nameof(selectionRule), selectionRule, "selection_rule must be Filter or Mu.");
        if (!(epsilon >= 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and non-negative.");
        int k = archive.MeasureDim + 1;
        int lambda = batchSize ?? EvolutionStrategyEmitter.DefaultBatchSize(k);
        if (lambda < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), lambda, "batch_size must be positive.");

        Archive = archive;
        SolutionWidth = d;
        BatchSize = lambda;
        CoefficientCount = k;
        Sigma0 = sigma0;
        Ranker = ranker;
        SelectionRule = selectionRule;
        RestartRule = restartRule ?? RestartRule.NoImprovement;
        NormalizeGradients = normalizeGradients;
        Epsilon = epsilon;
        _random = random;
        _x0 = (double[])x0.Clone();
        _point = new double[d];
        _zeros = new double[k];
        _coefficients = new double[lambda * k];
        _solutions = new double[lambda * d];
        _step = new double[d];
        _weights = new double[lambda];
        _ranking = new int[lambda];
        _values = new double[lambda];
        _stopValues = new double[lambda];
        _jacobian = new JacobianBuffer(k, d, normalizeGradients, epsilon);

        _optimizer = (gradientOptimizer ?? GradientOptimizers.Adam)(_x0, learningRate)
            ?? throw new ArgumentException("The gradient optimizer factory returned null.", nameof(gradientOptimizer));
        if (_optimizer.Dimension != d)
            throw new ArgumentException($"The gradient optimizer has dimension {_optimizer.Dimension}; the solution dimension is {d}.", nameof(gradientOptimizer));
        var factory = strategy ?? EvolutionStrategies.CmaEs;
        _strategy = factory(k, sigma0, lambda, new RandomSource(random.NextUInt64()))
            ?? throw new ArgumentException("The strategy factory returned null.", nameof(strategy));
        if (_strategy.Dimension != k || _strategy.PopulationSize != lambda)
            throw new ArgumentException(
                $"The strategy has dimension {_strategy.Dimension} and population {_strategy.PopulationSize}; the emitter needs {k} and {lambda}.",
                nameof(strategy));
        _strategy.Reset(_zeros);
        Ranker.Reset(archive, _random);
    }

    /// <inheritdoc />
    public IArchive<double> Archive { get; }

    /// <inheritdoc />
    public int SolutionWidth { get; }

    /// <summary>Candidates λ per <see cref="Ask"/>.</summary>
    public int BatchSize { get; }

    /// <summary>Always 1: <see cref="AskDqd"/> returns the solution point.</summary>
    public int GradientBatchSize => 1;

    /// <summary>Coefficients per candidate: 1 + the number of measures.</summary>
    public int CoefficientCount { get; }

    /// <summary>Initial solution point.</summary>
    public ReadOnlySpan<double> X0 => _x0;

    /// <summary>Initial step size σ₀ of the coefficient distribution.</summary>
    public double Sigma0 { get; }

    /// <summary>The ranker.</summary>
    public IRanker Ranker { get; }

    /// <summary>Parent selection rule.</summary>
    public SelectionRule SelectionRule { get; }

    /// <summary>Restart rule.</summary>
    public RestartRule RestartRule { get; }

    /// <summary>Whether gradients are scaled to unit length.</summary>
    public bool NormalizeGradients { get; }

    /// <summary>ε added to gradient norms when normalising.</summary>
    public double Epsilon { get; }

    /// <summary>The evolution strategy over the gradient coefficients.</summary>
    public IEvolutionStrategy Strategy => _strategy;

    /// <summary>The optimizer of the solution point.</summary>
    public IGradientOptimizer Optimizer => _optimizer;

    /// <summary>The current solution point θ.</summary>
    public ReadOnlySpan<double> SolutionPoint => _optimizer.Theta;

    /// <inheritdoc />
    public int Restarts { get; private set; }

    /// <summary>Tells so far (pyribs' <c>itrs</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Parents μ of the last tell.</summary>
    public int LastParentCount { get; private set; }

    /// <summary>Returns the solution point θ (one row). The buffer is owned by the emitter.</summary>
    public SolutionBatch<double> AskDqd()
    {
        _optimizer.Theta.CopyTo(_point);
        return new SolutionBatch<double>(_point, SolutionWidth);
    }

    /// <summary>Keeps the Jacobian of θ (normalised when <see cref="NormalizeGradients"/>) for the next <see cref="Ask"/>.</summary>
    /// <exception cref="ArgumentException">The feedback does not hold the one point of <see cref="AskDqd"/>, or the Jacobian has the wrong size or is not finite.</exception>
    public void TellDqd(in EmitterFeedback<double> feedback, ReadOnlySpan<double> jacobians)
    {
        if (feedback.Candidates.Count != 1)
            throw new ArgumentException($"The feedback holds {feedback.Candidates.Count} points; this emitter's AskDqd returns 1.", nameof(feedback));
        _jacobian.Set(jacobians, 1);
    }

    /// <summary>Samples λ coefficient vectors and returns <c>θ + Σ_j c_ij J_j</c>. The buffer is owned by the emitter.</summary>
    /// <exception cref="InvalidOperationException">No Jacobian was told since the last restart or restore.</exception>
    public SolutionBatch<double> Ask()
    {
        if (!_jacobian.IsSet)
            throw new InvalidOperationException("The gradient-arborescence emitter needs the Jacobian of its solution point: call AskDqd and TellDqd before Ask.");
        int d = SolutionWidth, k = CoefficientCount;
        _strategy.Ask(_coefficients);
        var theta = _optimizer.Theta;
        for (int i = 0; i < BatchSize; i++)
        {
            var row = _solutions.AsSpan(i * d, d);
            theta.CopyTo(row);
            for (int j = 0; j < k; j++)
            {
                double c = _coefficients[i * k + j];
                var g = _jacobian.Gradient(0, j);
                for (int e = 0; e < d; e++) row[e] += c * g[e];
            }
        }
        return new SolutionBatch<double>(_solutions, d);
    }

    /// <summary>Ranks the batch, updates the coefficient distribution, steps θ and restarts when needed.</summary>
    /// <exception cref="ArgumentException">The feedback does not hold the λ candidates of the last ask.</exception>
    public void Tell(in EmitterFeedback<double> feedback)
    {
        int lambda = BatchSize;
        int added = RankedFeedback.CheckAndCountAdded(feedback, lambda, SolutionWidth);
        Iterations++;
        Ranker.Rank(feedback, _ranking, _values);
        int parents = RankedFeedback.Parents(SelectionRule, added, lambda, feedback.FailedCount);
        LastParentCount = parents;
        _strategy.Tell(_coefficients, _ranking, parents);
        if (parents > 0) StepSolutionPoint(feedback.Candidates.Solutions, parents);
        var stopValues = RankedFeedback.StopValues(Ranker, feedback.Status.Span, _ranking, _values, _stopValues);
        if (_strategy.ShouldStop(stopValues) || RestartRule.ShouldRestart(Iterations, added)) Restart();
    }

    // θ moves along Σ w_r x_(r) - θ: the weighted mean of the μ best solutions, relative to θ.
    private void StepSolutionPoint(SolutionBatch<double> solutions, int parents)
    {
        double total = 0;
        double top = Math.Log(parents + 0.5);
        for (int r = 0; r < parents; r++)
        {
            _weights[r] = top - Math.Log(r + 1);
            total += _weights[r];
        }
        int d = SolutionWidth;
        Array.Clear(_step);
        for (int r = 0; r < parents; r++)
        {
            double w = _weights[r] / total;
            var x = solutions.Row(_ranking[r]);
            for (int e = 0; e < d; e++) _step[e] += w * x[e];
        }
        var theta = _optimizer.Theta;
        for (int e = 0; e < d; e++) _step[e] -= theta[e];
        _optimizer.Step(_step);
    }

    private void Restart()
    {
        if (Archive.IsEmpty)
        {
            _optimizer.Reset(_x0);
        }
        else
        {
            Archive.SampleSlots(_random, _slot);
            _optimizer.Reset(Archive.Store.Solution(_slot[0]));
        }
        _strategy.Reset(_zeros);
        Ranker.Reset(Archive, _random);
        _jacobian.Clear();
        Restarts++;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(nameof(GradientArborescenceEmitter));
        writer.Write(SolutionWidth);
        writer.Write(CoefficientCount);
        writer.Write(BatchSize);
        writer.Write(Ranker.Name);
        writer.Write(Iterations);
        writer.Write(Restarts);
        _random.WriteState(writer);
        _strategy.WriteState(writer);
        _optimizer.WriteState(writer);
        Ranker.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        string kind = reader.ReadString();
        if (kind != nameof(GradientArborescenceEmitter))
            throw new InvalidDataException($"The checkpoint holds the state of a {kind}, not of a {nameof(GradientArborescenceEmitter)}.");
        int width = reader.ReadInt32(), coefficients = reader.ReadInt32(), batchSize = reader.ReadInt32();
        string ranker = reader.ReadString();
        if (width != SolutionWidth || coefficients != CoefficientCount || batchSize != BatchSize || ranker != Ranker.Name)
            throw new InvalidDataException(
                $"The checkpoint's gradient-arborescence emitter has dimension {width}, {coefficients} coefficients, batch size {batchSize} and ranker {ranker}; " +
                $"this one has {SolutionWidth}, {CoefficientCount}, {BatchSize} and {Ranker.Name}.");
        Iterations = reader.ReadInt64();
        Restarts = reader.ReadInt32();
        _random.ReadState(reader);
        _strategy.ReadState(reader);
        _optimizer.ReadState(reader);
        Ranker.ReadState(reader);
        _jacobian.Clear();
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>
/// The emitter of CMA-ME (Fontaine et al. 2020, "Covariance Matrix Adaptation for the Rapid
/// Illumination of Behavior Space") and CMA-MAE (Fontaine and Nikolaidis 2023, "Covariance Matrix
/// Adaptation MAP-Annealing"), after pyribs' <c>EvolutionStrategyEmitter</c>: an evolution
/// strategy samples each batch; a ranker orders the evaluated batch by how it changed the archive;
/// the strategy adapts towards the best candidates; the emitter restarts the strategy at a
/// random elite when it stalls.
/// </summary>
/// <remarks>
/// <para>Each tell: the ranker orders the batch best first; the number of parents μ is the count
/// of candidates the archive accepted (<see cref="SelectionRule.Filter"/>) or <c>⌊λ/2⌋</c>
/// (<see cref="SelectionRule.Mu"/>); the strategy recombines the first μ (with μ = 0 it only
/// counts the evaluations and leaves its distribution unchanged, as pyribs' CMA-ES does). Then
/// the emitter restarts if the strategy's stop test fires on the ranking values, best first, or
/// if the <see cref="RestartRule"/> asks for it. A restart resets the strategy at the solution of an elite drawn uniformly from the
/// archive (at <see cref="X0"/> when the archive is empty), resets the ranker (a new random
/// direction for <c>rd</c>/<c>2rd</c>) and counts in <see cref="Restarts"/>.</para>
/// <para>For a two-stage ranker pyribs' flatness test compares the <c>(status, value)</c> pairs
/// of the best and the worst candidate. The stop test here takes one value per row, so it gets
/// the within-group values, best first, when best and worst share a status, and otherwise a
/// two-row span with distinct values (never flat); this relies on the flatness test looking
/// only at the first and the last value, as CMA-ES' does.</para>
/// <para>Failed candidates (see <see cref="EmitterFeedback{T}"/>) rank last and are never
/// parents: μ is at most the number of candidates that did not fail.</para>
/// <para>Random streams: the strategy samples from its own generator, derived from
/// <c>random</c> at construction; the emitter's generator draws restart elites and ranker
/// directions. Ask and Tell allocate nothing after construction.</para>
/// </remarks>
public sealed class EvolutionStrategyEmitter : IEmitter<double>, IRestartingEmitter
{
    private readonly IEvolutionStrategy _strategy;
    private readonly RandomSource _random;
    private readonly double[] _x0;
    private readonly double[] _solutions;
    private readonly int[] _ranking;
    private readonly double[] _values;
    private readonly double[] _stopValues;
    private readonly int[] _slot = new int[1];

    /// <summary>Creates the emitter with CMA-ES (<see cref="EvolutionStrategies.CmaEs"/>) unless <paramref name="strategy"/> says otherwise.</summary>
    /// <param name="archive">The archive the emitter searches in.</param>
    /// <param name="x0">Initial mean (copied); also the restart point while the archive is empty.</param>
    /// <param name="sigma0">Initial step size σ₀ &gt; 0.</param>
    /// <param name="ranker">Orders each evaluated batch (owned by this emitter; reset here).</param>
    /// <param name="random">The emitter's random generator (owned by this emitter).</param>
    /// <param name="selectionRule">Parent selection; pyribs' default is <see cref="SelectionRule.Filter"/>.</param>
    /// <param name="restartRule">Restart rule; the default is <see cref="RestartRule.NoImprovement"/>.</param>
    /// <param name="batchSize">Population size λ; null for CMA-ES' default <c>4 + ⌊3 ln n⌋</c>.</param>
    /// <param name="bounds">Optional box for the solutions (resampled, then clipped, by the strategy).</param>
    /// <param name="strategy">Creates the evolution strategy; null for CMA-ES.</param>
    public EvolutionStrategyEmitter(IArchive<double> archive, double[] x0, double sigma0, IRanker ranker, RandomSource random,
        SelectionRule selectionRule = SelectionRule.Filter, RestartRule? restartRule = null, int? batchSize = null,
        SolutionBounds? bounds = null, EvolutionStrategyFactory? strategy = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(ranker);
        ArgumentNullException.ThrowIfNull(random);
        int n = archive.SolutionWidth;
        if (x0.Length != n) throw new ArgumentException($"x0 has {x0.Length} values; the solution dimension is {n}.", nameof(x0));
        foreach (double v in x0)
            if (!double.IsFinite(v)) throw new ArgumentException("x0 must be finite.", nameof(x0));
        if (!(sigma0 > 0) || !double.IsFinite(sigma0)) throw new ArgumentOutOfRangeException(nameof(sigma0), sigma0, "sigma0 must be finite and positive.");
        if (!Enum.IsDefined(selectionRule)) throw new ArgumentOutOfRangeException(nameof(selectionRule), selectionRule, "selection_rule must be Filter or Mu.");
        int lambda = batchSize ?? DefaultBatchSize(n);
        if (lambda < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), lambda, "batch_size must be positive.");
        if (bounds is not null && bounds.Dimension != n)
            throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {n}.", nameof(bounds));

        Archive = archive;
        SolutionWidth = n;
        BatchSize = lambda;
        Sigma0 = sigma0;
        Ranker = ranker;
        SelectionRule = selectionRule;
        RestartRule = restartRule ?? RestartRule.NoImprovement;
        Bounds = bounds;
        _random = random;
        _x0 = (double[])x0.Clone();
        _solutions = new double[lambda * n];
        _ranking = new int[lambda];
        _values = new double[lambda];
        _stopValues = new double[lambda];

        var factory = strategy ?? EvolutionStrategies.CmaEs;
        _strategy = factory(n, sigma0, lambda, new RandomSource(random.NextUInt64()))
            ?? throw new ArgumentException("The strategy factory returned null.", nameof(strategy));
        if (_strategy.Dimension != n || _strategy.PopulationSize != lambda)
            throw new ArgumentException(
                $"The strategy has dimension {_strategy.Dimension} and population {_strategy.PopulationSize}; the emitter needs {n} and {lambda}.",
                nameof(strategy));
        _strategy.Reset(_x0);
        Ranker.Reset(archive, _random);
    }

    /// <summary>CMA-ES' default population size <c>4 + ⌊3 ln n⌋</c> (pyribs' default batch size).</summary>
    public static int DefaultBatchSize(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return 4 + (int)Math.Floor(3 * Math.Log(dimension));
    }

    /// <inheritdoc />
    public IArchive<double> Archive { get; }

    /// <inheritdoc />
    public int SolutionWidth { get; }

    /// <summary>Population size λ: candidates per ask.</summary>
    public int BatchSize { get; }

    /// <summary>Initial mean and the restart point while the archive is empty.</summary>
    public ReadOnlySpan<double> X0 => _x0;

    /// <summary>Initial step size σ₀.</summary>
    public double Sigma0 { get; }

    /// <summary>The ranker.</summary>
    public IRanker Ranker { get; }

    /// <summary>The evolution strategy.</summary>
    public IEvolutionStrategy Strategy => _strategy;

    /// <summary>Parent selection rule.</summary>
    public SelectionRule SelectionRule { get; }

    /// <summary>Restart rule.</summary>
    public RestartRule RestartRule { get; }

    /// <summary>Box the solutions are kept in, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <inheritdoc />
    public int Restarts { get; private set; }

    /// <summary>Tells so far (pyribs' <c>itrs</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Parents μ of the last tell (0: the strategy's distribution was not updated).</summary>
    public int LastParentCount { get; private set; }

    /// <summary>Samples λ solutions from the strategy. The buffer is owned by the emitter and valid until the next call.</summary>
    public SolutionBatch<double> Ask()
    {
        _strategy.Ask(_solutions, Bounds);
        return new SolutionBatch<double>(_solutions, SolutionWidth);
    }

    /// <summary>Ranks the batch, updates the strategy and restarts it when needed.</summary>
    /// <exception cref="ArgumentException">The feedback does not hold the λ candidates of the last ask.</exception>
    public void Tell(in EmitterFeedback<double> feedback)
    {
        int lambda = BatchSize;
        int added = RankedFeedback.CheckAndCountAdded(feedback, lambda, SolutionWidth);
        Iterations++;
        Ranker.Rank(feedback, _ranking, _values);
        int parents = RankedFeedback.Parents(SelectionRule, added, lambda, feedback.FailedCount);
        LastParentCount = parents;
        // With μ = 0 the strategy only counts the evaluations, as pyribs' CMA-ES does.
        _strategy.Tell(feedback.Candidates.Solutions.Data.Span, _ranking, parents);
        var stopValues = RankedFeedback.StopValues(Ranker, feedback.Status.Span, _ranking, _values, _stopValues);
        if (_strategy.ShouldStop(stopValues) || RestartRule.ShouldRestart(Iterations, added)) Restart();
    }

    private void Restart()
    {
        if (Archive.IsEmpty)
        {
            _strategy.Reset(_x0);
        }
        else
        {
            Archive.SampleSlots(_random, _slot);
            _strategy.Reset(Archive.Store.Solution(_slot[0]));
        }
        Ranker.Reset(Archive, _random);
        Restarts++;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(nameof(EvolutionStrategyEmitter));
        writer.Write(SolutionWidth);
        writer.Write(BatchSize);
        writer.Write(Ranker.Name);
        writer.Write(Iterations);
        writer.Write(Restarts);
        _random.WriteState(writer);
        _strategy.WriteState(writer);
        Ranker.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        string kind = reader.ReadString();
        if (kind != nameof(EvolutionStrategyEmitter))
            throw new InvalidDataException($"The checkpoint holds the state of a {kind}, not of an {nameof(EvolutionStrategyEmitter)}.");
        int width = reader.ReadInt32(), batchSize = reader.ReadInt32();
        string ranker = reader.ReadString();
        if (width != SolutionWidth || batchSize != BatchSize || ranker != Ranker.Name)
            throw new InvalidDataException(
                $"The checkpoint's evolution-strategy emitter has dimension {width}, batch size {batchSize} and ranker {ranker}; " +
                $"this one has {SolutionWidth}, {BatchSize} and {Ranker.Name}.");
        Iterations = reader.ReadInt64();
        Restarts = reader.ReadInt32();
        _random.ReadState(reader);
        _strategy.ReadState(reader);
        Ranker.ReadState(reader);
    }
}

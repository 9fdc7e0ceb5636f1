using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// Schedules a pool of emitters with a multi-armed bandit (Cully 2021, "Multi-Emitter MAP-Elites",
/// as in pyribs' <c>BanditScheduler</c>): <see cref="NumActive"/> emitters of the pool are active
/// at a time; emitters to (re)activate are chosen by UCB1. Otherwise the ask/tell cycle is that
/// of <see cref="Scheduler{T}"/>: the active emitters' batches are concatenated in pool order and
/// each active emitter is told the outcome of its own candidates.
/// </summary>
/// <remarks>
/// <para>Per emitter <c>i</c> the scheduler counts <c>s_i</c>, its candidates that the archive
/// accepted (status New or ImprovedExisting), and <c>n_i</c>, its candidates told (pyribs counts
/// selections in candidates, so <c>s_i / n_i</c> is a success rate). The UCB1 score is
/// <c>s_i / n_i + ζ √(ln N / n_i)</c> with <c>N = Σ n_j</c> over the pool, and <c>+∞</c> for an
/// emitter that was never active, so unused emitters are tried first. (pyribs takes the
/// logarithm of <c>Σ s_j</c> instead, which is undefined while nothing has succeeded; this class
/// uses UCB1's total count.)</para>
/// <para>Before each ask: emitters to reselect are deactivated (see <see cref="BanditReselect"/>);
/// while fewer than <see cref="NumActive"/> are active — on the first ask — the first inactive
/// emitters of the pool are activated in pool order (and are not reselected in that ask); then, if
/// any emitter was deactivated, inactive emitters are activated in decreasing score order, ties
/// going to the lower pool index, until <see cref="NumActive"/> are active. An emitter that does
/// not implement <see cref="IRestartingEmitter"/> never terminates (pyribs instead treats such an
/// emitter as terminated at every ask).</para>
/// <para>The whole state — archives, counters, active set, the restart counts last seen and
/// every pool emitter's state — is checkpointable.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class BanditScheduler<T> : IScheduler<T>
{
    /// <summary>pyribs' default UCB1 exploration weight ζ.</summary>
    public const double DefaultZeta = 0.05;

    private readonly IEmitter<T>[] _pool;
    private readonly bool[] _active;
    private readonly bool[] _reselect;
    private readonly long[] _successes;
    private readonly long[] _selections;
    private readonly int[] _restartsSeen;
    private readonly int[] _order;
    private readonly double[] _scores;
    private readonly int[] _participants; // pool index of each emitter in the current ask
    private readonly EmitterBatches<T> _batches;
    private bool _pending;

    /// <summary>Creates a bandit scheduler.</summary>
    /// <param name="archive">The archive the emitters search in.</param>
    /// <param name="emitterPool">The pool of distinct emitters, all over <paramref name="archive"/>.</param>
    /// <param name="numActive">Emitters active at a time, 1 to the pool size.</param>
    /// <param name="resultArchive">Optional separate archive that receives every evaluated candidate and is reported instead (CMA-MAE).</param>
    /// <param name="zeta">UCB1 exploration weight ζ (pyribs' default 0.05).</param>
    /// <param name="reselect">Which active emitters are reselected before each ask (pyribs' default: terminated ones).</param>
    public BanditScheduler(IArchive<T> archive, IReadOnlyList<IEmitter<T>> emitterPool, int numActive,
        IArchive<T>? resultArchive = null, double zeta = DefaultZeta, BanditReselect reselect = BanditReselect.Terminated)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(emitterPool);
        if (numActive < 1) throw new ArgumentOutOfRangeException(nameof(numActive), numActive, "num_active cannot be less than 1.");
        if (emitterPool.Count < numActive)
            throw new ArgumentException($"The emitter pool must hold at least num_active ({numActive}) emitters, but only {emitterPool.Count} are given.", nameof(emitterPool));
        var seen = new HashSet<IEmitter<T>>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < emitterPool.Count; i++)
        {
            var emitter = SchedulerArchives.CheckEmitter(emitterPool[i], i, archive, resultArchive, nameof(emitterPool));
            if (!seen.Add(emitter))
                throw new ArgumentException($"Emitter {i} appears more than once in the pool; each emitter must be a distinct instance.", nameof(emitterPool));
        }
        SchedulerArchives.CheckResultArchive(archive, resultArchive);
        if (!(zeta >= 0) || !double.IsFinite(zeta)) throw new ArgumentOutOfRangeException(nameof(zeta), zeta, "zeta must be finite and non-negative.");
        if (!Enum.IsDefined(reselect)) throw new ArgumentOutOfRangeException(nameof(reselect), reselect, "reselect must be Terminated or All.");

        Archive = archive;
        ResultArchive = resultArchive;
        NumActive = numActive;
        Zeta = zeta;
        Reselect = reselect;
        _pool = emitterPool.ToArray();
        int size = _pool.Length;
        _active = new bool[size];
        _reselect = new bool[size];
        _successes = new long[size];
        _selections = new long[size];
        _restartsSeen = new int[size];
        _order = new int[size];
        _scores = new double[size];
        _participants = new int[numActive];
        // Restarts that happened before the scheduler existed are not terminations it must act on.
        for (int i = 0; i < size; i++) _restartsSeen[i] = (_pool[i] as IRestartingEmitter)?.Restarts ?? 0;
        _batches = new EmitterBatches<T>(archive.SolutionWidth);
    }

    /// <summary>Parses pyribs' names of the reselection rules, <c>"terminated"</c> and <c>"all"</c>.</summary>
    /// <exception cref="ArgumentException">The name is neither.</exception>
    public static BanditReselect ParseReselect(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "terminated" => BanditReselect.Terminated,
            "all" => BanditReselect.All,
            _ => throw new ArgumentException($"reselect must be \"terminated\" or \"all\", but it was \"{name}\".", nameof(name)),
        };
    }

    /// <inheritdoc />
    public IArchive<T> Archive { get; }

    /// <inheritdoc />
    public IArchive<T>? ResultArchive { get; }

    /// <inheritdoc />
    public IArchive<T> ReportedArchive => ResultArchive ?? Archive;

    /// <summary>The pool of emitters.</summary>
    public IReadOnlyList<IEmitter<T>> EmitterPool => _pool;

    /// <summary>Emitters active at a time.</summary>
    public int NumActive { get; }

    /// <summary>UCB1 exploration weight ζ.</summary>
    public double Zeta { get; }

    /// <summary>Which active emitters are reselected before each ask.</summary>
    public BanditReselect Reselect { get; }

    /// <summary>
    /// Whether the active emitters are asked and told concurrently (default false). Only for
    /// emitters that, like the built-in ones, own their random generator and only read the
    /// archive: the results are then identical to sequential calls.
    /// </summary>
    public bool ParallelEmitters
    {
        get => _batches.Parallel;
        init => _batches.Parallel = value;
    }

    /// <summary>Which pool emitters are active (all false before the first ask).</summary>
    public ReadOnlySpan<bool> Active => _active;

    /// <summary>Per pool emitter: candidates the archive accepted (New or ImprovedExisting).</summary>
    public ReadOnlySpan<long> Successes => _successes;

    /// <summary>Per pool emitter: candidates told.</summary>
    public ReadOnlySpan<long> Selections => _selections;

    /// <inheritdoc />
    public ReadOnlySpan<AddStatus> LastStatus => _batches.LastStatus;

    /// <summary>Improvement values of the last told batch.</summary>
    public ReadOnlySpan<double> LastValues => _batches.LastValues;

    /// <summary>
    /// The UCB1 score of pool emitter <paramref name="index"/>:
    /// <c>s_i / n_i + ζ √(ln N / n_i)</c>, or +∞ when it has never been active.
    /// </summary>
    public double Score(int index) => Score(index, TotalSelections());

    private double Score(int index, long totalSelections)
    {
        long n = _selections[index];
        if (n == 0) return double.PositiveInfinity;
        return (double)_successes[index] / n + Zeta * Math.Sqrt(Math.Log(totalSelections) / n);
    }

    private long TotalSelections()
    {
        long total = 0;
        foreach (long s in _selections) total += s;
        return total;
    }

    /// <summary>Chooses the active emitters, asks them and returns their batches concatenated in pool order.</summary>
    /// <exception cref="InvalidOperationException">The previous batch has not been told.</exception>
    public SolutionBatch<T> Ask()
    {
        if (_pending) throw new InvalidOperationException("Ask was called twice without Tell; tell the results of the previous batch first.");
        SelectActive();
        _batches.Clear();
        int k = 0;
        for (int i = 0; i < _pool.Length; i++)
        {
            if (!_active[i]) continue;
            _participants[k++] = i;
            _batches.Include(_pool[i], i);
        }
        var batch = _batches.Ask();
        _pending = true;
        return batch;
    }

    private void SelectActive()
    {
        int size = _pool.Length;
        if (Reselect == BanditReselect.Terminated)
        {
            for (int i = 0; i < size; i++)
            {
                if (_pool[i] is IRestartingEmitter restarting)
                {
                    int restarts = restarting.Restarts;
                    _reselect[i] = restarts > _restartsSeen[i];
                    _restartsSeen[i] = restarts;
                }
                else
                {
                    _reselect[i] = false;
                }
            }
        }
        else
        {
            _active.CopyTo(_reselect, 0);
        }

        // Fill up to NumActive in pool order (the first ask); those are kept this time.
        int activeCount = 0;
        foreach (bool a in _active) activeCount += a ? 1 : 0;
        for (int i = 0; activeCount < NumActive; i++)
        {
            _reselect[i] = false;
            if (!_active[i])
            {
                _active[i] = true;
                activeCount++;
            }
        }

        bool any = false;
        for (int i = 0; i < size; i++)
        {
            if (!_reselect[i]) continue;
            any = true;
            if (_active[i])
            {
                _active[i] = false;
                activeCount--;
            }
        }
        if (!any) return;

        long total = TotalSelections();
        for (int i = 0; i < size; i++)
        {
            _scores[i] = Score(i, total);
            _order[i] = i;
        }
        Rankers.RankingSort.Sort(_order.AsSpan(), new HigherScoreFirst(_scores));
        foreach (int i in _order)
        {
            if (activeCount >= NumActive) break;
            if (_active[i]) continue;
            _active[i] = true;
            activeCount++;
        }
    }

    /// <inheritdoc />
    public void Tell(EvaluationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Tell(results.Objectives, results.Measures, results.Features, results.FailedMask());
    }

    /// <inheritdoc />
    public bool IsAskPending => _pending;

    /// <inheritdoc />
    public void Abandon() => _pending = false;

    /// <summary>
    /// Tells objectives, row-major measures and (optionally) features of the last asked batch;
    /// candidates marked in <paramref name="failed"/> (one entry per candidate, or empty) are kept
    /// out of the archives.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    public void Tell(ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features = default, ReadOnlyMemory<bool> failed = default)
    {
        if (!_pending) throw new InvalidOperationException("Tell was called without a preceding Ask.");
        var batch = _batches.AddToArchives(Archive, ResultArchive, objectives, measures, features, failed);
        _pending = false;
        for (int k = 0; k < _batches.EmitterCount; k++)
        {
            int i = _participants[k];
            _selections[i] += _batches.Count(k);
            foreach (var status in _batches.StatusOf(k))
                if (status != AddStatus.NotAdded) _successes[i]++;
        }
        _batches.TellEmitters(batch, Archive.MeasureDim);
    }

    /// <summary>
    /// Adds an evaluated initial population straight to the archive (and the result archive),
    /// outside the ask/tell cycle. Emitters are not told and no counter changes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    public AddResult AddInitialPopulation(in CandidateBatch<T> batch)
    {
        if (_pending) throw new InvalidOperationException("Cannot add an initial population between Ask and Tell.");
        return SchedulerArchives.AddInitialPopulation(Archive, ResultArchive, batch);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_pending) throw new InvalidOperationException("Cannot checkpoint between Ask and Tell.");
        SchedulerArchives.Write(writer, Archive, ResultArchive);
        writer.Write(_pool.Length);
        writer.Write(NumActive);
        for (int i = 0; i < _pool.Length; i++)
        {
            writer.Write(_active[i]);
            writer.Write(_successes[i]);
            writer.Write(_selections[i]);
            writer.Write(_restartsSeen[i]);
        }
        foreach (var emitter in _pool) emitter.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        SchedulerArchives.Read(reader, Archive, ResultArchive);
        int size = reader.ReadInt32();
        if (size != _pool.Length)
            throw new InvalidDataException($"Checkpoint has a pool of {size} emitters but this scheduler has {_pool.Length}.");
        int numActive = reader.ReadInt32();
        if (numActive != NumActive)
            throw new InvalidDataException($"Checkpoint has {numActive} active emitters but this scheduler has num_active {NumActive}.");
        int activeCount = 0;
        for (int i = 0; i < size; i++)
        {
            _active[i] = reader.ReadBoolean();
            activeCount += _active[i] ? 1 : 0;
            _successes[i] = reader.ReadInt64();
            _selections[i] = reader.ReadInt64();
            _restartsSeen[i] = reader.ReadInt32();
        }
        if (activeCount > NumActive)
            throw new InvalidDataException($"Checkpoint has {activeCount} active emitters, more than num_active {NumActive}.");
        foreach (var emitter in _pool) emitter.ReadState(reader);
        _pending = false;
    }

    /// <summary>Descending score; ties to the lower pool index, so the choice is deterministic.</summary>
    private readonly struct HigherScoreFirst(double[] scores) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = scores[b].CompareTo(scores[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}

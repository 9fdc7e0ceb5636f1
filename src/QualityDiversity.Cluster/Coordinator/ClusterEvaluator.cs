using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cluster.Coordinator;

/// <summary>
/// Evaluates batches on the worker silos of an Orleans cluster: each batch is split into chunks,
/// the chunks go to stateless evaluation grains on the workers, which build the task by name, and
/// the results come back into the candidates' rows. A worker evaluates exactly what the task
/// evaluates locally, so a seeded run gives the same archive wherever its candidates were evaluated.
/// </summary>
/// <remarks>
/// A chunk whose worker dies or does not answer within <see cref="ClusterEvaluatorOptions.ChunkTimeout"/>
/// is sent to another worker; chunks of slow workers are copied to idle ones once the rest of the
/// batch is done (<see cref="ClusterEvaluatorOptions.StragglerFactor"/>). With no worker at all, the
/// batch waits for one (or fails after <see cref="ClusterEvaluatorOptions.WorkerWait"/>).
/// </remarks>
public sealed class ClusterEvaluator : IEvaluator<double>
{
    private readonly Lock _keysGate = new();
    private readonly Dictionary<long, string> _workerOfKey = [];
    private long _nextKey;
    private int _knownWorkers = 1;
    private long _countedAt;
    private static readonly TimeSpan WorkerCountAge = TimeSpan.FromSeconds(2);

    /// <summary>Creates an evaluator that has the workers evaluate the task called <paramref name="taskName"/>.</summary>
    /// <param name="grains">The cluster client's grain factory (a connected <c>IClusterClient</c>).</param>
    /// <param name="taskName">The task's catalogue name; every worker must know it.</param>
    /// <param name="measureDim">Measures per candidate the task writes.</param>
    /// <param name="featureDim">Features per candidate the task writes.</param>
    /// <param name="options">Chunking and fault handling; defaults when null.</param>
    /// <param name="clusterName">How to name the cluster in messages.</param>
    /// <exception cref="ArgumentException">A name is empty, a dimension negative, or an option out of range.</exception>
    public ClusterEvaluator(IGrainFactory grains, string taskName, int measureDim, int featureDim, ClusterEvaluatorOptions? options = null, string clusterName = "qd")
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        ArgumentOutOfRangeException.ThrowIfNegative(measureDim);
        ArgumentOutOfRangeException.ThrowIfNegative(featureDim);
        Options = options ?? new ClusterEvaluatorOptions();
        Options.Validate();
        Grains = grains;
        TaskName = taskName;
        MeasureDim = measureDim;
        FeatureDim = featureDim;
        ClusterName = clusterName;
    }

    /// <summary>An evaluator for a built-in or registered task: the workers build the same task by its <see cref="IBenchmarkTask.Id"/>.</summary>
    public static ClusterEvaluator For(IBenchmarkTask task, IGrainFactory grains, ClusterEvaluatorOptions? options = null, string clusterName = "qd")
    {
        ArgumentNullException.ThrowIfNull(task);
        return new ClusterEvaluator(grains, task.Id, task.MeasureDim, task.FeatureDim, options, clusterName);
    }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <inheritdoc />
    public int FeatureDim { get; }

    /// <summary>The task the workers evaluate.</summary>
    public string TaskName { get; }

    /// <summary>Chunking and fault handling.</summary>
    public ClusterEvaluatorOptions Options { get; }

    /// <summary>What has been sent and kept so far.</summary>
    public ClusterStatistics Statistics { get; } = new();

    internal IGrainFactory Grains { get; }

    internal string ClusterName { get; }

    /// <inheritdoc />
    public async ValueTask EvaluateAsync(SolutionBatch<double> solutions, EvaluationResults results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        int n = solutions.Count;
        results.EnsureFits(n, MeasureDim, FeatureDim);
        if (n == 0) return;
        int workers = await CountWorkersAsync().ConfigureAwait(false);
        int lanes = workers * Options.LanesPerWorker;
        int chunkSize = Options.ChunkSize > 0 ? Options.ChunkSize : ChunkPlan.AutomaticSize(n, lanes);
        var plan = new ChunkPlan(n, chunkSize);
        var dispatch = new BatchDispatch(this, solutions, results, plan);
        await dispatch.RunAsync(LaneKeys(Math.Min(lanes, plan.Chunks)), cancellationToken).ConfigureAwait(false);
        Statistics.AddBatch();
    }

    // The number of active silos, asked again at most every WorkerCountAge (one call per batch
    // would add a round trip to every batch); the last known number when it cannot be asked.
    private async Task<int> CountWorkersAsync()
    {
        lock (_keysGate)
        {
            if (_countedAt != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_countedAt) < WorkerCountAge) return _knownWorkers;
            _countedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        try
        {
            var hosts = await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Options.ChunkTimeout).ConfigureAwait(false);
            lock (_keysGate)
            {
                if (hosts.Count > 0) _knownWorkers = hosts.Count;
                // Keys that led to silos no longer active lead elsewhere now.
                var active = hosts.Keys.Select(h => h.ToString()).ToHashSet(StringComparer.Ordinal);
                foreach (long key in _workerOfKey.Where(p => !active.Contains(p.Value)).Select(p => p.Key).ToArray()) _workerOfKey.Remove(key);
                return _knownWorkers;
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            lock (_keysGate) return _knownWorkers;
        }
    }

    // One key per lane. Keys known to reach a worker are spread evenly over the workers; the rest
    // are fresh keys, which the client maps to gateways by hash.
    private long[] LaneKeys(int lanes)
    {
        lock (_keysGate)
        {
            var byWorker = _workerOfKey.GroupBy(p => p.Value, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Queue<long>(g.Select(p => p.Key).Order()))
                .ToList();
            var keys = new List<long>(lanes);
            for (int round = 0; round < Options.LanesPerWorker && keys.Count < lanes; round++)
                foreach (var queue in byWorker)
                    if (keys.Count < lanes && queue.TryDequeue(out long key)) keys.Add(key);
            while (keys.Count < lanes) keys.Add(_nextKey++);
            return [.. keys];
        }
    }

    internal long NewKey()
    {
        lock (_keysGate) return _nextKey++;
    }

    internal void NoteWorker(long key, string worker)
    {
        lock (_keysGate) _workerOfKey[key] = worker;
    }

    internal void ForgetKey(long key)
    {
        lock (_keysGate) _workerOfKey.Remove(key);
    }
}

namespace QualityDiversity.Cluster.Coordinator;

/// <summary>Counts of what a <see cref="ClusterEvaluator"/> has sent and received, for figures and checks.</summary>
public sealed class ClusterStatistics
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _candidatesByWorker = new(StringComparer.Ordinal);
    private long _batches, _chunks, _resent, _duplicates, _wasted;

    /// <summary>Batches evaluated.</summary>
    public long Batches { get { lock (_gate) return _batches; } }

    /// <summary>Chunks whose results were kept (exactly one answer per chunk of every batch).</summary>
    public long Chunks { get { lock (_gate) return _chunks; } }

    /// <summary>Chunks sent again because their call failed or timed out (a dead or unreachable worker).</summary>
    public long Resent { get { lock (_gate) return _resent; } }

    /// <summary>Chunks also sent to an idle lane because their first worker was slow.</summary>
    public long Duplicates { get { lock (_gate) return _duplicates; } }

    /// <summary>Answers dropped because another copy of the same chunk had answered first.</summary>
    public long Wasted { get { lock (_gate) return _wasted; } }

    /// <summary>Candidates whose kept results came from each worker (by silo address).</summary>
    public IReadOnlyDictionary<string, long> CandidatesByWorker
    {
        get { lock (_gate) return new Dictionary<string, long>(_candidatesByWorker, StringComparer.Ordinal); }
    }

    internal void AddBatch() { lock (_gate) _batches++; }

    internal void AddKept(string worker, int candidates)
    {
        lock (_gate)
        {
            _chunks++;
            _candidatesByWorker[worker] = _candidatesByWorker.GetValueOrDefault(worker) + candidates;
        }
    }

    internal void AddResent() { lock (_gate) _resent++; }

    internal void AddDuplicate() { lock (_gate) _duplicates++; }

    internal void AddWasted() { lock (_gate) _wasted++; }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_gate)
        {
            string workers = string.Join(", ", _candidatesByWorker.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
            return $"{_batches} batches, {_chunks} chunks kept, {_resent} resent, {_duplicates} straggler copies ({_wasted} answers dropped); candidates by worker: {workers}";
        }
    }
}

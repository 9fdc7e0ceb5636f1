namespace QualityDiversity.Cluster.Protocol;

/// <summary>
/// A contiguous run of candidates of one batch, sent to a worker: which task evaluates them and
/// their solution rows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationChunk
{
    /// <summary>The task's catalogue name (<c>BenchmarkTasks</c>), resolved by the worker.</summary>
    [Id(0)] public required string Task { get; init; }

    /// <summary>The solution dimension the task is created with.</summary>
    [Id(1)] public required int Dim { get; init; }

    /// <summary>Solution rows, <see cref="Dim"/> values per candidate, row-major.</summary>
    [Id(2)] public required double[] Solutions { get; init; }

    /// <summary>Whether a candidate's exception is recorded as its failure (true) or fails the chunk (false).</summary>
    [Id(3)] public bool CatchCandidateExceptions { get; init; }

    /// <summary>Number of candidates.</summary>
    public int Count => Dim == 0 ? 0 : Solutions.Length / Dim;
}

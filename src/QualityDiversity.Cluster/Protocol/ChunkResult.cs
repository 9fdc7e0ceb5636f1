namespace QualityDiversity.Cluster.Protocol;

/// <summary>
/// What a worker sends back for an <see cref="EvaluationChunk"/>: the rows of objectives, measures
/// and features in candidate order, the failed candidates, or the error that failed the whole chunk.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChunkResult
{
    /// <summary>The silo that evaluated the chunk (its address), for load figures and for steering later chunks.</summary>
    [Id(0)] public required string Worker { get; init; }

    /// <summary>One objective per candidate.</summary>
    [Id(1)] public double[] Objectives { get; init; } = [];

    /// <summary>Measures, row-major.</summary>
    [Id(2)] public double[] Measures { get; init; } = [];

    /// <summary>Features, row-major (empty when the task has none).</summary>
    [Id(3)] public double[] Features { get; init; } = [];

    /// <summary>Candidates that failed, by index within the chunk.</summary>
    [Id(4)] public ChunkFailure[] Failures { get; init; } = [];

    /// <summary>
    /// Set when the evaluation of the chunk threw (an unknown task, or a candidate's exception
    /// while exceptions are not caught): the type and message of the exception. The coordinator
    /// fails the batch with it, as a local evaluation would have thrown.
    /// </summary>
    [Id(5)] public string? Error { get; init; }
}

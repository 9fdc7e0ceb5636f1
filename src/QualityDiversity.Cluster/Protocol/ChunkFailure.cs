using QualityDiversity.Evaluation;

namespace QualityDiversity.Cluster.Protocol;

/// <summary>One candidate of a chunk whose evaluation failed on the worker (the exception itself stays there; its text travels).</summary>
/// <param name="Index">The candidate's index within the chunk.</param>
/// <param name="Kind">Why it failed.</param>
/// <param name="Message">The readable reason.</param>
[GenerateSerializer, Immutable]
public sealed record ChunkFailure([property: Id(0)] int Index, [property: Id(1)] CandidateFailureKind Kind, [property: Id(2)] string Message);

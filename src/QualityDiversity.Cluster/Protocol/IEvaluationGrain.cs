namespace QualityDiversity.Cluster.Protocol;

/// <summary>
/// The grain that evaluates chunks on worker silos. It is a stateless worker: every silo runs as
/// many activations as it has cores, local to the gateway the call arrives at, and the key only
/// steers which gateway (and so which silo) a call goes to.
/// </summary>
public interface IEvaluationGrain : IGrainWithIntegerKey
{
    /// <summary>Evaluates the chunk's candidates and returns their results in candidate order.</summary>
    Task<ChunkResult> EvaluateAsync(EvaluationChunk chunk, CancellationToken cancellationToken = default);
}

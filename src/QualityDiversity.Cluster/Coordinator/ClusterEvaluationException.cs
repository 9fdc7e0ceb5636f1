namespace QualityDiversity.Cluster.Coordinator;

/// <summary>
/// The evaluation of a chunk threw on its worker (an unknown task, or a candidate's exception while
/// exceptions are not caught): the batch fails as a local evaluation would have.
/// </summary>
public sealed class ClusterEvaluationException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ClusterEvaluationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ClusterEvaluationException(string message, Exception? inner) : base(message, inner)
    {
    }
}

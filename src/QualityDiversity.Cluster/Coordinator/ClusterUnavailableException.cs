namespace QualityDiversity.Cluster.Coordinator;

/// <summary>No worker of the cluster answered for the configured wait (or the coordinator was stopped while waiting); the batch was not evaluated.</summary>
public sealed class ClusterUnavailableException : QualityDiversity.Evaluation.EvaluatorUnavailableException
{
    /// <summary>Creates the exception with its message.</summary>
    public ClusterUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ClusterUnavailableException(string message, Exception? inner) : base(message, inner)
    {
    }
}

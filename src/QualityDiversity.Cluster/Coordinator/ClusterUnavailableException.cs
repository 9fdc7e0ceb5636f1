namespace QualityDiversity.Cluster.Coordinator;

/// <summary>No worker of the cluster answered for the configured wait; the batch was not evaluated.</summary>
public sealed class ClusterUnavailableException : Exception
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

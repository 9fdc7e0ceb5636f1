using System.Net;

namespace QualityDiversity.Cluster.Worker;

/// <summary>How a worker silo joins its cluster and what it can evaluate.</summary>
public sealed record WorkerOptions
{
    /// <summary>Default port silos talk to each other on.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default port coordinators (clients) connect to.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Default cluster id, shared by workers and coordinator.</summary>
    public const string DefaultClusterId = "qd";

    /// <summary>The cluster id; a worker joins only silos and serves only coordinators with the same id.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The service id (stable across deployments of the same service); the cluster id by default.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>Port coordinators connect to.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>
    /// The silo endpoint of the primary worker, which keeps the membership table in development
    /// clustering; null when this worker is the primary.
    /// </summary>
    public IPEndPoint? Primary { get; init; }

    /// <summary>
    /// The address this worker is reached at by other machines; null (the default) for loopback
    /// only, the single-machine setup.
    /// </summary>
    public IPAddress? Address { get; init; }

    /// <summary>Assemblies to load first: their module initializers register tasks of their own with <c>BenchmarkTasks.Register</c>.</summary>
    public IReadOnlyList<string> Assemblies { get; init; } = [];
}

using System.Net;

namespace QualityDiversity.Cluster.Coordinator;

/// <summary>Where a coordinator finds the workers of its cluster.</summary>
public sealed record ClusterConnectionOptions
{
    /// <summary>The cluster id the workers were started with.</summary>
    public string ClusterId { get; init; } = Worker.WorkerOptions.DefaultClusterId;

    /// <summary>The service id; the cluster id by default.</summary>
    public string? ServiceId { get; init; }

    /// <summary>Gateway endpoints of the workers (any one that answers is enough; the client learns the others).</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [new IPEndPoint(IPAddress.Loopback, Worker.WorkerOptions.DefaultGatewayPort)];

    /// <summary>How long to keep trying to reach a gateway when connecting; null tries until cancelled.</summary>
    public TimeSpan? ConnectWait { get; init; }

    /// <summary>Receives notes while connecting (no gateway reachable yet).</summary>
    public Action<string>? Log { get; init; }
}

using System.Text.Json;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Reads and writes the <c>evaluation</c> section, which so far holds only <c>cluster</c>.</summary>
internal static class ClusterEvaluationConfigParser
{
    /// <summary>The root key of the section.</summary>
    public const string EvaluationKey = "evaluation";

    private const string ClusterKey = "cluster";
    private const string ClusterId = "cluster_id";
    private const string Gateways = "gateways";
    private const string ChunkSize = "chunk_size";
    private const string LanesPerWorker = "lanes_per_worker";
    private const string ChunkTimeout = "chunk_timeout_seconds";
    private const string StragglerFactor = "straggler_factor";
    private const string WorkerWait = "worker_wait_seconds";

    /// <summary>Parses the <c>evaluation</c> section; null when it has no <c>cluster</c>.</summary>
    /// <exception cref="ConfigException">A field is invalid; the message names it.</exception>
    public static ClusterEvaluationConfig? Parse(JsonSection evaluation)
    {
        evaluation.CheckKeys([ClusterKey]);
        if (evaluation.OptionalSection(ClusterKey) is not { } section) return null;
        section.CheckKeys([ClusterId, Gateways, ChunkSize, LanesPerWorker, ChunkTimeout, StragglerFactor, WorkerWait]);
        var defaults = new ClusterEvaluationConfig();
        var gateways = new List<string>();
        if (section.Get(Gateways) is { } list)
        {
            foreach (var (element, path) in JsonValues.Array(list, section.Child(Gateways)))
            {
                string gateway = JsonValues.String(element, path);
                if (!IsEndpoint(gateway)) throw new ConfigException(path, $"'{gateway}' is not host:port with a port in 1..65535.");
                gateways.Add(gateway);
            }
            if (gateways.Count == 0) throw new ConfigException(section.Child(Gateways), "needs at least one host:port.");
        }
        string clusterId = section.OptionalString(ClusterId) ?? defaults.ClusterId;
        if (string.IsNullOrWhiteSpace(clusterId)) throw new ConfigException(section.Child(ClusterId), "must not be empty.");
        double timeout = section.Double(ChunkTimeout, defaults.ChunkTimeoutSeconds);
        if (!(timeout > 0) || double.IsInfinity(timeout)) throw new ConfigException(section.Child(ChunkTimeout), $"must be a positive number of seconds, not {timeout}.");
        double straggler = section.Double(StragglerFactor, defaults.StragglerFactor);
        if (!(straggler >= 1) || double.IsInfinity(straggler)) throw new ConfigException(section.Child(StragglerFactor), $"must be a finite number of at least 1, not {straggler}.");
        double? wait = section.Get(WorkerWait) is { } w ? JsonValues.Double(w, section.Child(WorkerWait)) : null;
        if (wait is { } seconds && (!(seconds > 0) || double.IsInfinity(seconds)))
            throw new ConfigException(section.Child(WorkerWait), $"must be a positive number of seconds or null (wait as long as it takes), not {seconds}.");
        return new ClusterEvaluationConfig
        {
            ClusterId = clusterId,
            Gateways = gateways.Count > 0 ? gateways : defaults.Gateways,
            ChunkSize = section.Int(ChunkSize, defaults.ChunkSize, min: 0),
            LanesPerWorker = section.Int(LanesPerWorker, defaults.LanesPerWorker, min: 1),
            ChunkTimeoutSeconds = timeout,
            StragglerFactor = straggler,
            WorkerWaitSeconds = wait,
        };
    }

    /// <summary>Writes <c>"evaluation": {"cluster": {...}}</c> with every key.</summary>
    public static void Write(Utf8JsonWriter w, ClusterEvaluationConfig cluster)
    {
        w.WriteStartObject(EvaluationKey);
        w.WriteStartObject(ClusterKey);
        w.WriteString(ClusterId, cluster.ClusterId);
        w.WriteStartArray(Gateways);
        foreach (string gateway in cluster.Gateways) w.WriteStringValue(gateway);
        w.WriteEndArray();
        w.WriteNumber(ChunkSize, cluster.ChunkSize);
        w.WriteNumber(LanesPerWorker, cluster.LanesPerWorker);
        w.WriteNumber(ChunkTimeout, cluster.ChunkTimeoutSeconds);
        w.WriteNumber(StragglerFactor, cluster.StragglerFactor);
        if (cluster.WorkerWaitSeconds is { } wait) w.WriteNumber(WorkerWait, wait);
        else w.WriteNull(WorkerWait);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // host:port, the host a name or an IPv4 address (IPv6 in brackets).
    private static bool IsEndpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            && port is >= 1 and <= 65535;
    }
}

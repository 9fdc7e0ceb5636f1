using System.Net;
using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// A run's connection to the workers of a cluster, made when its configuration has an
/// <c>evaluation.cluster</c> section or <c>--cluster</c> is given; it gives the run its evaluator.
/// </summary>
internal sealed class ClusterSession : IAsyncDisposable
{
    private const string Field = "evaluation.cluster";
    private readonly ClusterConnection _connection;
    private readonly ClusterEvaluationConfig _settings;
    private readonly ClusterEvaluatorOptions _options;

    private ClusterSession(ClusterConnection connection, ClusterEvaluationConfig settings, ClusterEvaluatorOptions options)
    {
        _connection = connection;
        _settings = settings;
        _options = options;
    }

    /// <summary>The evaluator of the run's task on the cluster, for <c>Experiment.Start</c>.</summary>
    public Func<IBenchmarkTask, IEvaluator<double>> Evaluator => task => Created = ClusterEvaluator.For(task, _connection.Client, _options, _settings.ClusterId);

    /// <summary>The evaluator once the run has built it.</summary>
    public ClusterEvaluator? Created { get; private set; }

    /// <summary>
    /// Connects when <paramref name="config"/> asks for the cluster or <c>--cluster</c> is given
    /// (<paramref name="cluster"/> not null: its gateways, if any, replace the configured ones);
    /// null when the run evaluates in this process.
    /// </summary>
    /// <exception cref="CliException">The run is not a vector search, or a gateway is not host:port.</exception>
    public static async Task<ClusterSession?> ConnectAsync(CliContext context, ExperimentConfig config, IReadOnlyList<string>? cluster)
    {
        var settings = (config as SearchConfig)?.Cluster;
        if (settings is null && cluster is null) return null;
        if (config is not SearchConfig { Measures: null })
            throw new CliException($"{(cluster is not null ? "--cluster" : Field)}: only vector searches without a 'measures' section evaluate on a cluster so far.");
        if (((SearchConfig)config).Emitters.Any(e => e is GradientArborescenceEmitterConfig or GradientOperatorEmitterConfig))
            throw new CliException($"{(cluster is not null ? "--cluster" : Field)}: gradient emitters need the task's gradients, which workers do not return yet; run this search without a cluster.");
        settings ??= new ClusterEvaluationConfig();
        bool given = cluster is { Count: > 0 };
        if (given) settings = settings with { Gateways = [.. cluster!] };
        var gateways = new IPEndPoint[settings.Gateways.Count];
        for (int i = 0; i < gateways.Length; i++) gateways[i] = Endpoint(settings.Gateways[i], given ? "--cluster" : $"{Field}.gateways[{i}]");
        var log = TextWriter.Synchronized(context.Err);
        var options = new ClusterEvaluatorOptions
        {
            ChunkSize = settings.ChunkSize,
            LanesPerWorker = settings.LanesPerWorker,
            ChunkTimeout = TimeSpan.FromSeconds(settings.ChunkTimeoutSeconds),
            StragglerFactor = settings.StragglerFactor,
            WorkerWait = settings.WorkerWaitSeconds is { } wait ? TimeSpan.FromSeconds(wait) : null,
            Stop = context.Cancellation,
            Log = message => { log.WriteLine(message); log.Flush(); },
        };
        context.Out.WriteLine($"Evaluating on cluster '{settings.ClusterId}' through {string.Join(", ", settings.Gateways)}");
        context.Out.Flush();
        try
        {
            var connection = await ClusterConnection.ConnectAsync(new ClusterConnectionOptions
            {
                ClusterId = settings.ClusterId,
                Gateways = gateways,
                ConnectWait = options.WorkerWait,
                Log = options.Log,
            }, cancellationToken: context.Cancellation).ConfigureAwait(false);
            return new ClusterSession(connection, settings, options);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            throw new CliException("stopped while connecting to the cluster; no run was started.", ExitCodes.Interrupted);
        }
        catch (ClusterUnavailableException e)
        {
            throw new CliException($"{Field}: {e.Message}", ExitCodes.Failure);
        }
    }

    /// <summary>Prints what the cluster evaluated.</summary>
    public void Report(TextWriter output)
    {
        if (Created is { } evaluator) output.WriteLine($"Cluster: {evaluator.Statistics}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // host:port with a port in 1..65535; a host name is looked up.
    private static IPEndPoint Endpoint(string text, string field)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0) return endpoint;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new CliException($"{field}: '{text}' is not host:port with a port in 1..65535.");
        string host = text[..colon];
        try
        {
            var address = Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
            return new IPEndPoint(address, port);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            throw new CliException($"{field}: host '{host}' cannot be resolved ({e.Message}).");
        }
    }
}

using System.Net;
using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// A run's evaluation on the workers of a cluster, chosen by the configuration's
/// <c>evaluation.cluster</c> section or by <c>--cluster</c>. It is prepared (settings checked)
/// before the run is built and connected before the run evaluates, so that <c>qd resume</c>
/// verifies its checkpoint first and a finished run needs no workers.
/// </summary>
internal sealed class ClusterSession : IAsyncDisposable
{
    private const string Field = "evaluation.cluster";
    private readonly CliContext _context;
    private readonly ClusterEvaluatorOptions _options;
    private readonly IPEndPoint[] _gateways;
    private ClusterConnection? _connection;

    private ClusterSession(CliContext context, ClusterEvaluationConfig settings, ClusterEvaluatorOptions options, IPEndPoint[] gateways)
    {
        _context = context;
        Settings = settings;
        _options = options;
        _gateways = gateways;
    }

    /// <summary>The cluster settings in force: the configured ones with <c>--cluster</c>'s gateways, if given.</summary>
    public ClusterEvaluationConfig Settings { get; }

    /// <summary>The evaluator of the run's task on the cluster, for <c>Experiment.Start</c> and <c>Experiment.Resume</c>.</summary>
    public Func<IBenchmarkTask, IEvaluator<double>> Evaluator => task => new SessionEvaluator(this, task);

    /// <summary>The cluster evaluator once the run has evaluated a batch.</summary>
    public ClusterEvaluator? Created { get; private set; }

    /// <summary>
    /// Prepares the cluster when <paramref name="config"/> asks for it or <c>--cluster</c> is given
    /// (<paramref name="cluster"/> not null: its gateways, if any, replace the configured ones);
    /// null when the run evaluates in this process.
    /// </summary>
    /// <exception cref="CliException">The run cannot evaluate on a cluster, or a gateway is not host:port.</exception>
    public static ClusterSession? Prepare(CliContext context, ExperimentConfig config, IReadOnlyList<string>? cluster)
    {
        var settings = (config as SearchConfig)?.Cluster;
        if (settings is null && cluster is null) return null;
        string field = cluster is not null ? "--cluster" : Field;
        if (config is not SearchConfig search)
            throw new CliException($"{field}: a text search (a 'text' section) evaluates in this process: its evaluation is calls to the model endpoint and the run's record of their answers, which its resume replays; only vector and learned-measure searches evaluate on a cluster.");
        if (search.Emitters.Any(e => e is GradientArborescenceEmitterConfig or GradientOperatorEmitterConfig))
            throw new CliException($"{field}: gradient emitters need the task's gradients, which workers do not return yet; run this search without a cluster.");
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
        return new ClusterSession(context, settings, options, gateways);
    }

    /// <summary>
    /// <paramref name="config"/> with the cluster settings in force as its <c>evaluation.cluster</c>
    /// section, so that the run's config.json records where it evaluates and <c>qd resume</c> goes on there.
    /// </summary>
    public ExperimentConfig Record(ExperimentConfig config) => config is SearchConfig search ? search with { Cluster = Settings } : config;

    /// <summary>Connects to the workers, waiting for a gateway as <c>worker_wait_seconds</c> allows.</summary>
    /// <exception cref="CliException">Stopped while connecting, or no gateway answered within the wait.</exception>
    public async Task ConnectAsync(string whatWaits)
    {
        _context.Out.WriteLine($"Evaluating on cluster '{Settings.ClusterId}' through {string.Join(", ", Settings.Gateways)}");
        _context.Out.Flush();
        try
        {
            _connection = await ClusterConnection.ConnectAsync(new ClusterConnectionOptions
            {
                ClusterId = Settings.ClusterId,
                Gateways = _gateways,
                ConnectWait = _options.WorkerWait,
                Log = _options.Log,
            }, cancellationToken: _context.Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_context.Cancellation.IsCancellationRequested)
        {
            throw new CliException($"stopped while connecting to the cluster; {whatWaits}", ExitCodes.Interrupted);
        }
        catch (ClusterUnavailableException e)
        {
            throw new CliException($"{Field}: {e.Message} {whatWaits}", ExitCodes.Failure);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> under the progress display, with or without a cluster; an
    /// evaluator that became unreachable stops it at its last checkpoint with the way to go on.
    /// </summary>
    public static async Task<int> RunAsync(CliContext context, ExperimentRun run, ClusterSession? session)
    {
        int code;
        try
        {
            code = await RunPresenter.RunAsync(context, run).ConfigureAwait(false);
        }
        catch (EvaluatorUnavailableException e)
        {
            throw new CliException($"{e.Message} The run stopped at its last checkpoint; continue it with: qd resume \"{run.Directory.Path}\"", ExitCodes.Failure);
        }
        if (session?.Created is { } evaluator) context.Out.WriteLine($"Cluster: {evaluator.Statistics}");
        return code;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;

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

    private ClusterEvaluator Create(IBenchmarkTask task)
    {
        var connection = _connection ?? throw new InvalidOperationException("The cluster is not connected yet: ConnectAsync comes before the run evaluates.");
        return Created = ClusterEvaluator.For(task, connection.Client, _options, Settings.ClusterId);
    }

    // The task's evaluator on the cluster, made at the first batch: the run is built before the session connects.
    private sealed class SessionEvaluator(ClusterSession session, IBenchmarkTask task) : IEvaluator<double>
    {
        private ClusterEvaluator? _cluster;

        public int MeasureDim => task.MeasureDim;

        public int FeatureDim => task.FeatureDim;

        public ValueTask EvaluateAsync(SolutionBatch<double> solutions, EvaluationResults results, CancellationToken cancellationToken = default) =>
            (_cluster ??= session.Create(task)).EvaluateAsync(solutions, results, cancellationToken);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace QualityDiversity.Cluster.Worker;

/// <summary>
/// A worker silo: an Orleans silo that hosts the evaluation grain. <see cref="StartAsync"/> starts
/// one with development clustering (one machine, or several with a primary); programs that use a
/// production membership provider (ADO.NET, Azure Table, Kubernetes) host their own silo and call
/// <see cref="AddEvaluationWorker"/> on its builder.
/// </summary>
public static class WorkerSilo
{
    /// <summary>
    /// Gets a silo ready to evaluate chunks: loads <paramref name="assemblies"/> (their module
    /// initializers register tasks of their own) and lets chunks run as long as they take (the
    /// coordinator applies its own timeout). The evaluation grain itself is found by Orleans in
    /// this assembly. Clustering, cluster id and endpoints are the host program's choice.
    /// </summary>
    /// <exception cref="ArgumentException">An assembly cannot be loaded.</exception>
    public static ISiloBuilder AddEvaluationWorker(this ISiloBuilder builder, IReadOnlyList<string>? assemblies = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (string path in assemblies ?? []) UserAssemblies.Load(path, "assembly");
        builder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(1));
        return builder;
    }

    /// <summary>
    /// Starts a worker silo with development clustering: on loopback when
    /// <see cref="WorkerOptions.Address"/> is null, otherwise reachable at that address.
    /// </summary>
    /// <param name="options">Ports, cluster id, primary and assemblies.</param>
    /// <param name="minimumLogLevel">Orleans log messages below this level are dropped.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host; stop and dispose it to leave the cluster.</returns>
    /// <exception cref="ArgumentException">A port is outside 1..65535 or an assembly cannot be loaded.</exception>
    public static async Task<IHost> StartAsync(WorkerOptions options, LogLevel minimumLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckPort(options.SiloPort, "silo_port");
        CheckPort(options.GatewayPort, "gateway_port");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLogLevel);
        builder.UseOrleans(silo =>
        {
            if (options.Address is null)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.Primary, options.ServiceId ?? options.ClusterId, options.ClusterId);
            }
            else
            {
                silo.UseDevelopmentClustering(options.Primary ?? new IPEndPoint(options.Address, options.SiloPort));
                silo.ConfigureEndpoints(options.Address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId ?? options.ClusterId;
            });
            silo.AddEvaluationWorker(options.Assemblies);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    private static void CheckPort(int port, string name)
    {
        if (port is < 1 or > 65535) throw new ArgumentException($"{name}: {port} is not a port (1..65535).", name);
    }
}

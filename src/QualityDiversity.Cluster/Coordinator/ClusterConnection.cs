using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace QualityDiversity.Cluster.Coordinator;

/// <summary>
/// A coordinator's connection to the workers of a cluster: an Orleans client on the given
/// gateways. Dispose it to disconnect.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host, ClusterConnectionOptions options)
    {
        _host = host;
        Options = options;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected client; its grain factory is what a <see cref="ClusterEvaluator"/> calls.</summary>
    public IClusterClient Client { get; }

    /// <summary>The settings it connected with.</summary>
    public ClusterConnectionOptions Options { get; }

    /// <summary>
    /// Connects to the cluster, trying again while no gateway answers (the workers may still be
    /// starting) until <see cref="ClusterConnectionOptions.ConnectWait"/> passes or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="ClusterUnavailableException">No gateway answered within the wait.</exception>
    public static async Task<ClusterConnection> ConnectAsync(ClusterConnectionOptions options, LogLevel minimumLogLevel = LogLevel.Error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Gateways.Count == 0) throw new ArgumentException("gateways: at least one gateway endpoint is needed.", nameof(options));
        var clock = Stopwatch.StartNew();
        bool noted = false;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLogLevel);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. options.Gateways]);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId ?? options.ClusterId;
            });
            // Chunks can take long; ClusterEvaluatorOptions.ChunkTimeout decides when to give up on one.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(1));
            client.UseConnectionRetryFilter(async (error, token) =>
            {
                if (options.ConnectWait is { } wait && clock.Elapsed >= wait) return false;
                if (!noted)
                {
                    noted = true;
                    options.Log?.Invoke($"No gateway of cluster '{options.ClusterId}' answers at {string.Join(", ", options.Gateways)} yet; trying again until one does.");
                }
                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterUnavailableException(
                $"No gateway of cluster '{options.ClusterId}' answered at {string.Join(", ", options.Gateways)} within {options.ConnectWait?.TotalSeconds:0.#} s: {error.Message}", error);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClusterConnection(host, options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}

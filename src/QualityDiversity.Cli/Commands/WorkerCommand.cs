using System.CommandLine;
using System.Net;
using QualityDiversity.Cluster.Worker;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd worker [--cluster-id ID] [--silo-port N] [--gateway-port N] [--primary HOST:PORT] [--address IP] [--assembly PATH]...</c>:
/// starts a worker silo that evaluates chunks for runs with an <c>evaluation.cluster</c> section, until Ctrl+C or SIGTERM.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster id shared by the workers and the run.", HelpName = "ID", DefaultValueFactory = _ => WorkerOptions.DefaultClusterId };
        var siloPort = new Option<int>("--silo-port") { Description = "Port for traffic between workers.", HelpName = "N", DefaultValueFactory = _ => WorkerOptions.DefaultSiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port runs connect to.", HelpName = "N", DefaultValueFactory = _ => WorkerOptions.DefaultGatewayPort };
        var primary = new Option<string?>("--primary")
        {
            Description = "Silo endpoint (HOST:PORT) of the first worker, which keeps the cluster's membership; omit on the first worker.",
            HelpName = "HOST:PORT",
        };
        var address = new Option<string?>("--address") { Description = "IP address other machines reach this worker at [default: loopback only].", HelpName = "IP" };
        var assemblies = new Option<string[]>("--assembly")
        {
            Description = "Assembly whose module initializer registers tasks of its own (BenchmarkTasks.Register); repeatable.",
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("worker", "Start a worker that evaluates candidates for runs on a cluster (configs with an evaluation.cluster section, or qd run --cluster).")
        {
            clusterId, siloPort, gatewayPort, primary, address, assemblies,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
        {
            var options = new WorkerOptions
            {
                ClusterId = parse.GetValue(clusterId)!,
                SiloPort = parse.GetValue(siloPort),
                GatewayPort = parse.GetValue(gatewayPort),
                Primary = parse.GetValue(primary) is { } p ? Endpoint(p, "--primary") : null,
                Address = parse.GetValue(address) is { } a ? Address(a) : null,
                Assemblies = parse.GetValue(assemblies) ?? [],
            };
            return ExecuteAsync(context, options);
        }));
        return command;
    }

    /// <summary>Runs the worker until the context is cancelled.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, WorkerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClusterId)) throw new CliException("--cluster-id: must not be empty.");
        Microsoft.Extensions.Hosting.IHost host;
        try
        {
            host = await WorkerSilo.StartAsync(options, cancellationToken: context.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            string field = e.ParamName switch { "silo_port" => "--silo-port", "gateway_port" => "--gateway-port", "assembly" => "--assembly", _ => "worker" };
            throw new CliException($"{field}: {e.Message.Split(" (Parameter")[0].Split(": ", 2)[^1]}");
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        using (host)
        {
            string primary = options.Primary is { } p ? $", joined through {p}" : ", primary";
            context.Out.WriteLine($"Worker ready: cluster '{options.ClusterId}', silo port {options.SiloPort}, gateway port {options.GatewayPort}{primary}");
            context.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, context.Cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        context.Out.WriteLine("Worker stopped.");
        return ExitCodes.Success;
    }

    private static IPEndPoint Endpoint(string text, string field) =>
        IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 ? endpoint
            : throw new CliException($"{field}: '{text}' is not IP:PORT (e.g. 127.0.0.1:11111).");

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var address) ? address : throw new CliException($"--address: '{text}' is not an IP address.");
}

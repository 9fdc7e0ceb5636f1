using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using QualityDiversity.Cluster.Worker;

namespace QualityDiversity.Benchmarks.ClusterThroughput;

/// <summary>
/// A worker silo in a process of its own: this program started again as <c>cluster-worker</c>,
/// which hosts the same silo as <c>qd worker</c> (<see cref="WorkerSilo.StartAsync"/>) with
/// <see cref="BusySphere"/> registered.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>The subcommand a worker process is started with.</summary>
    public const string Command = "cluster-worker";

    private const string Ready = "Worker ready";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => _process = process;

    /// <summary>Starts a worker and waits until its silo has joined the cluster.</summary>
    /// <exception cref="InvalidOperationException">The worker ended or was not ready within a minute; the message holds its output.</exception>
    public static async Task<WorkerProcess> StartAsync(string clusterId, int siloPort, int gatewayPort, int? primarySiloPort)
    {
        var start = new ProcessStartInfo(Testing.ChildProcess.Dotnet) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        foreach (string argument in new[] { Command, clusterId, Text(siloPort), Text(gatewayPort), primarySiloPort is { } p ? Text(p) : "-" }) start.ArgumentList.Add(argument);
        var worker = new WorkerProcess(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        var exited = worker._process.WaitForExitAsync();
        var first = await Task.WhenAny(worker._ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
        if (first != worker._ready.Task)
        {
            worker.Dispose();
            throw new InvalidOperationException($"The worker on silo port {siloPort} {(first == exited ? "ended" : "was not ready within a minute")}. Output:\n{worker.Output}");
        }
        return worker;
    }

    /// <summary>
    /// The body of a worker process: <c>cluster-worker CLUSTER_ID SILO_PORT GATEWAY_PORT PRIMARY_SILO_PORT|-</c>.
    /// Runs until its standard input closes (the benchmark ends or dies).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4) throw new ArgumentException($"{Command} takes CLUSTER_ID SILO_PORT GATEWAY_PORT PRIMARY_SILO_PORT|-, got {args.Length} arguments.");
        BusySphere.Register();
        var options = new WorkerOptions
        {
            ClusterId = args[0],
            SiloPort = int.Parse(args[1], CultureInfo.InvariantCulture),
            GatewayPort = int.Parse(args[2], CultureInfo.InvariantCulture),
            Primary = args[3] == "-" ? null : new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, int.Parse(args[3], CultureInfo.InvariantCulture)),
        };
        using var host = await WorkerSilo.StartAsync(options);
        Console.WriteLine($"{Ready} on silo port {options.SiloPort}");
        Console.Out.Flush();
        // The parent kills the worker when it is done; a worker whose parent died is ended by its closed pipe.
        await Console.In.ReadToEndAsync();
        await host.StopAsync(TimeSpan.FromSeconds(5));
        return 0;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith(Ready, StringComparison.Ordinal)) _ready.TrySetResult();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Cluster.Tests.Support;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using Xunit.Abstractions;

namespace QualityDiversity.Cluster.Tests;

/// <summary>
/// Printed figures, not timed assertions: evaluations per second of a CPU-bound 5 ms task (batch
/// 100) on one and two <c>qd worker</c> processes, and the per-batch cost of the cluster path for a
/// trivial task against local evaluation. Each measured batch is also checked against the local
/// results. Run with <c>--logger "console;verbosity=detailed"</c> to see the figures.
/// </summary>
[Trait("Category", "Distributed")]
public sealed class ThroughputFigures(ITestOutputHelper output)
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task OneAndTwoWorkerProcesses()
    {
        int[] ports = QdChild.FreePorts(4);
        string clusterId = $"qd-figures-{Guid.NewGuid():N}";
        string tasks = typeof(TestTasks).Assembly.Location;
        using var first = QdChild.Start("worker", "--cluster-id", clusterId, "--silo-port", Port(ports[0]), "--gateway-port", Port(ports[1]), "--assembly", tasks);
        first.WaitUntil(() => first.Output.Contains("Worker ready"), Hang, "the first worker's start");
        await using var connection = await ClusterConnection.ConnectAsync(new ClusterConnectionOptions
        {
            ClusterId = clusterId,
            Gateways = [new IPEndPoint(IPAddress.Loopback, ports[1])],
        });
        var busy = BenchmarkTasks.Create(TestTasks.Busy, 8);

        // The trivial task: per-batch time through the cluster against local evaluation.
        var sphere = BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, 8);
        var trivial = Batches.Random(100, 8, seed: 5);
        double local = await SecondsPerBatch(sphere, trivial, 500);
        double remote = await SecondsPerBatch(ClusterEvaluator.For(sphere, connection.Client), trivial, 100);
        output.WriteLine($"trivial task, batch 100: local {local * 1e6:0} µs per batch, cluster {remote * 1e3:0.00} ms per batch (overhead {(remote - local) * 1e3:0.00} ms)");

        double oneLane = await EvaluationsPerSecond(ClusterEvaluator.For(busy, connection.Client, new ClusterEvaluatorOptions { LanesPerWorker = 1 }), workers: 1);
        double twoLanes = await EvaluationsPerSecond(ClusterEvaluator.For(busy, connection.Client), workers: 1);

        using var second = QdChild.Start("worker", "--cluster-id", clusterId, "--silo-port", Port(ports[2]), "--gateway-port", Port(ports[3]),
            "--primary", $"127.0.0.1:{ports[0]}", "--assembly", tasks);
        second.WaitUntil(() => second.Output.Contains("Worker ready"), Hang, "the second worker's start");
        var hosts = connection.Client.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        first.WaitUntil(() => hosts.GetHosts(onlyActive: true).GetAwaiter().GetResult().Count == 2, Hang, "both workers being active");
        // A client reaches the workers whose gateways it is given.
        await using var both = await ClusterConnection.ConnectAsync(new ClusterConnectionOptions
        {
            ClusterId = clusterId,
            Gateways = [new IPEndPoint(IPAddress.Loopback, ports[1]), new IPEndPoint(IPAddress.Loopback, ports[3])],
        });
        double twoWorkers = await EvaluationsPerSecond(ClusterEvaluator.For(busy, both.Client, new ClusterEvaluatorOptions { LanesPerWorker = 1 }), workers: 2);

        output.WriteLine($"5 ms CPU-bound task, batch 100: 1 worker, 1 lane: {oneLane:0} evals/s; 1 worker, 2 lanes: {twoLanes:0} evals/s; " +
            $"2 workers, 1 lane each: {twoWorkers:0} evals/s ({twoWorkers / oneLane:0.00}x one worker with one lane); local ParallelEvaluator on {Environment.ProcessorCount} cores: " +
            $"{100 / await SecondsPerBatch(busy, Batches.Random(100, 8, seed: 6), 2):0} evals/s");
    }

    // Measured after warm-up batches that reach every worker; each measured batch is checked against local results.
    private async Task<double> EvaluationsPerSecond(ClusterEvaluator evaluator, int workers)
    {
        for (int warm = 0; evaluator.Statistics.CandidatesByWorker.Count < workers; warm++)
        {
            Assert.True(warm < 20, $"after 20 batches the chunks reached only {evaluator.Statistics.CandidatesByWorker.Count} of {workers} workers.");
            await Batches.EvaluateAsync(evaluator, Batches.Random(100, 8, seed: 300 + warm));
        }
        const int batches = 2;
        var clock = Stopwatch.StartNew();
        var measured = new List<(Solutions.SolutionBatch<double> Batch, EvaluationResults Results)>();
        for (int b = 0; b < batches; b++)
        {
            var batch = Batches.Random(100, 8, seed: 400 + b);
            measured.Add((batch, await Batches.EvaluateAsync(evaluator, batch)));
        }
        double rate = batches * 100 / clock.Elapsed.TotalSeconds;
        foreach (var (batch, results) in measured) Batches.AssertIdentical(await Batches.LocalAsync(TestTasks.Busy, batch), results);
        output.WriteLine($"  {evaluator.Statistics}");
        return rate;
    }

    private static async Task<double> SecondsPerBatch(IEvaluator<double> evaluator, Solutions.SolutionBatch<double> batch, int repeats)
    {
        var results = await Batches.EvaluateAsync(evaluator, batch);
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++) await evaluator.EvaluateAsync(batch, results);
        return clock.Elapsed.TotalSeconds / repeats;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Benchmarks.ClusterThroughput;

/// <summary>
/// Evaluation throughput through the cluster path, measured with worker processes on this
/// machine: evaluations per second of a CPU-bound task (<see cref="BusySphere"/>, 5 ms per
/// candidate) in batches of 100 on one and on two worker processes against local evaluation, and
/// the time per batch of a trivial task (the sphere) through the cluster against local, which is
/// the cluster path's overhead per batch. Every measured batch is compared with its local results.
/// Wall-clock figures, so a plain program rather than a BenchmarkDotNet job:
/// <c>dotnet run -c Release --project tests/QualityDiversity.Benchmarks -- cluster-throughput</c> [--batches 6] [--batch 100].
/// </summary>
public static class ClusterThroughputBenchmark
{
    private const int Dim = 8;

    public static async Task RunAsync(string[] args)
    {
        int batches = Option(args, "--batches", 6);
        int batchSize = Option(args, "--batch", 100);
        BusySphere.Register();
        Console.WriteLine($"Cluster throughput on {Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
        int[] ports = FreePorts(4);
        string clusterId = $"qd-bench-{Guid.NewGuid():N}";
        using var first = await WorkerProcess.StartAsync(clusterId, ports[0], ports[1], primarySiloPort: null);
        await using (var one = await Connect(clusterId, ports[1]))
        {
            var sphere = BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, Dim);
            var trivial = RandomBatch(batchSize, seed: 1);
            double local = await SecondsPerBatch(sphere, trivial, 1000);
            var remoteSphere = ClusterEvaluator.For(sphere, one.Client);
            await CheckedAsync(remoteSphere, sphere, trivial);
            double remote = await SecondsPerBatch(remoteSphere, trivial, 200);
            Console.WriteLine(Invariant($"trivial task (sphere), batch {batchSize}: local {local * 1e6:0.0} us per batch; 1 worker process {remote * 1e3:0.00} ms per batch; cluster overhead {(remote - local) * 1e3:0.00} ms per batch"));

            var busy = BenchmarkTasks.Create(BusySphere.TaskId, Dim);
            double localRate = batches * batchSize / (await SecondsPerBatch(busy, RandomBatch(batchSize, seed: 2), batches) * batches);
            Console.WriteLine(Invariant($"5 ms CPU-bound task, batch {batchSize}: local (ParallelEvaluator, {Environment.ProcessorCount} cores): {localRate:0} evaluations/s"));
            double oneRate = await EvaluationsPerSecond(ClusterEvaluator.For(busy, one.Client), busy, workers: 1, batches, batchSize);
            Console.WriteLine(Invariant($"5 ms CPU-bound task, batch {batchSize}: 1 worker process: {oneRate:0} evaluations/s ({oneRate / localRate:0.00}x local)"));

            using var second = await WorkerProcess.StartAsync(clusterId, ports[2], ports[3], primarySiloPort: ports[0]);
            await using var two = await Connect(clusterId, ports[1], ports[3]);
            double twoRate = await EvaluationsPerSecond(ClusterEvaluator.For(busy, two.Client), busy, workers: 2, batches, batchSize);
            Console.WriteLine(Invariant($"5 ms CPU-bound task, batch {batchSize}: 2 worker processes: {twoRate:0} evaluations/s ({twoRate / oneRate:0.00}x one worker)"));
        }
        Console.WriteLine($"Load average after: {LoadAverage()}");
    }

    // After warm-up batches that reach every worker, so that connections and the task are built.
    private static async Task<double> EvaluationsPerSecond(ClusterEvaluator evaluator, IBenchmarkTask local, int workers, int batches, int batchSize)
    {
        for (int warm = 0; evaluator.Statistics.CandidatesByWorker.Count < workers; warm++)
        {
            if (warm == 20) throw new InvalidOperationException($"After 20 batches the chunks reached only {evaluator.Statistics.CandidatesByWorker.Count} of {workers} workers.");
            await CheckedAsync(evaluator, local, RandomBatch(batchSize, seed: 100 + warm));
        }
        var measured = Enumerable.Range(0, batches).Select(b => RandomBatch(batchSize, seed: 200 + b)).ToArray();
        var results = measured.Select(b => new EvaluationResults(b.Count, evaluator.MeasureDim, evaluator.FeatureDim)).ToArray();
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < batches; b++) await evaluator.EvaluateAsync(measured[b], results[b]);
        double rate = batches * batchSize / clock.Elapsed.TotalSeconds;
        for (int b = 0; b < batches; b++) await CompareAsync(local, measured[b], results[b]);
        Console.WriteLine($"  {evaluator.Statistics}");
        return rate;
    }

    private static async Task<double> SecondsPerBatch(IEvaluator<double> evaluator, SolutionBatch<double> batch, int repeats)
    {
        var results = new EvaluationResults(batch.Count, evaluator.MeasureDim, evaluator.FeatureDim);
        await evaluator.EvaluateAsync(batch, results);
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++) await evaluator.EvaluateAsync(batch, results);
        return clock.Elapsed.TotalSeconds / repeats;
    }

    private static async Task CheckedAsync(IEvaluator<double> evaluator, IBenchmarkTask local, SolutionBatch<double> batch)
    {
        var results = new EvaluationResults(batch.Count, evaluator.MeasureDim, evaluator.FeatureDim);
        await evaluator.EvaluateAsync(batch, results);
        await CompareAsync(local, batch, results);
    }

    // The figures count only if the cluster gave the local results, bit for bit.
    private static async Task CompareAsync(IBenchmarkTask local, SolutionBatch<double> batch, EvaluationResults remote)
    {
        var expected = new EvaluationResults(batch.Count, local.MeasureDim, local.FeatureDim);
        await local.EvaluateAsync(batch, expected);
        if (!expected.Objectives.AsSpan(0, batch.Count).SequenceEqual(remote.Objectives.AsSpan(0, batch.Count))
            || !expected.Measures.AsSpan(0, batch.Count * local.MeasureDim).SequenceEqual(remote.Measures.AsSpan(0, batch.Count * local.MeasureDim)))
            throw new InvalidOperationException($"The cluster's results of task '{local.Id}' differ from the local ones.");
    }

    private static async Task<ClusterConnection> Connect(string clusterId, params int[] gatewayPorts) =>
        await ClusterConnection.ConnectAsync(new ClusterConnectionOptions
        {
            ClusterId = clusterId,
            Gateways = [.. gatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p))],
            ConnectWait = TimeSpan.FromMinutes(1),
        });

    private static SolutionBatch<double> RandomBatch(int count, int seed)
    {
        var random = new Random(seed);
        var data = new double[count * Dim];
        for (int i = 0; i < data.Length; i++) data[i] = random.NextDouble() * 10 - 5;
        return new SolutionBatch<double>(data, Dim);
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var l in listeners) l.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0) return fallback;
        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw new ArgumentException($"{name} needs a positive whole number.");
        return value;
    }
}

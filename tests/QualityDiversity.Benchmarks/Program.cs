using BenchmarkDotNet.Running;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// Entry point: <c>cost-curves</c> measures the cost curves of the README's performance section;
/// <c>startup</c> times a built <c>qd run</c> from process start to its first iteration;
/// <c>llm-concurrency</c> runs the language-model throughput measurement; <c>cluster-throughput</c>
/// measures evaluation on worker processes (<c>cluster-worker</c> is how it starts them); anything
/// else goes to BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job</c> and <c>--list</c> work.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cost-curves")
        {
            Environment.ExitCode = CostCurves.CostCurveSuite.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "startup")
        {
            Environment.ExitCode = StartupBenchmark.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "llm-concurrency")
        {
            await LlmConcurrencyBenchmark.RunAsync(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "cluster-throughput")
        {
            await ClusterThroughput.ClusterThroughputBenchmark.RunAsync(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == ClusterThroughput.WorkerProcess.Command)
        {
            Environment.ExitCode = await ClusterThroughput.WorkerProcess.RunAsync(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

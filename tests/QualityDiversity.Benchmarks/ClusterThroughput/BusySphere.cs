using QualityDiversity.Domains;
using QualityDiversity.Evaluation;

namespace QualityDiversity.Benchmarks.ClusterThroughput;

/// <summary>
/// The linear-projection sphere after 5 ms of busy computation per candidate: a CPU-bound task
/// whose cost does not depend on the machine's speed, registered by name so that the benchmark's
/// worker processes build it as <c>qd worker --assembly</c> would build a task of one's own.
/// </summary>
internal sealed class BusySphere(int dim) : ParallelEvaluator<double>, IBenchmarkTask
{
    /// <summary>The task's catalogue name.</summary>
    public const string TaskId = "benchmark-busy-sphere";

    /// <summary>Busy time per candidate.</summary>
    public static readonly TimeSpan CostPerCandidate = TimeSpan.FromMilliseconds(5);

    private static readonly long BusyTicks = (long)(CostPerCandidate.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    private readonly IBenchmarkTask _inner = BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, dim);

    /// <summary>Registers the task in this process's catalogue (coordinator and workers alike).</summary>
    public static void Register() => BenchmarkTasks.Register(TaskId, d => new BusySphere(d));

    public string Id => TaskId;
    public string Name => $"busy {_inner.Name}";
    public int SolutionDim => _inner.SolutionDim;
    public override int MeasureDim => _inner.MeasureDim;
    public IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _inner.MeasureRanges;
    public (double Lower, double Upper) InitialRange => _inner.InitialRange;

    public double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        long end = System.Diagnostics.Stopwatch.GetTimestamp() + BusyTicks;
        double sink = 0;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
            for (int i = 0; i < 100; i++) sink += Math.Sqrt(i + sink);
        GC.KeepAlive(sink);
        return _inner.EvaluateOne(solution, measures, features);
    }

    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) => EvaluateOne(solution, measures, features);
}

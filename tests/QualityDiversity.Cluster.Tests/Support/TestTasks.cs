using System.Runtime.CompilerServices;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;

namespace QualityDiversity.Cluster.Tests.Support;

/// <summary>
/// Tasks of this test assembly, registered by name for the in-process worker silos (which share
/// the process's task catalogue): a slow sphere, an asynchronous sphere and a sphere that throws
/// for some candidates. Each gives the numbers of the built-in sphere.
/// </summary>
internal static class TestTasks
{
    public const string Slow = "cluster-test-slow-sphere";
    public const string Async = "cluster-test-async-sphere";
    public const string Throwing = "cluster-test-throwing-sphere";

    /// <summary>Candidates the slow task has started, across silos; tests wait on it to kill a worker mid-batch.</summary>
    public static int SlowStarted;

    [ModuleInitializer]
    internal static void Register()
    {
        BenchmarkTasks.Register(Slow, d => new SlowSphere(d));
        BenchmarkTasks.Register(Async, d => new AsyncSphere(d));
        BenchmarkTasks.Register(Throwing, d => new ThrowingSphere(d));
    }

    private static IBenchmarkTask Sphere(int dim) => BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, dim);

    /// <summary>The sphere with a pause of 25 ms per candidate: a chunk of 30 then lasts longer than killing an in-process silo takes.</summary>
    private sealed class SlowSphere(int dim) : ParallelEvaluator<double>, IBenchmarkTask
    {
        private readonly IBenchmarkTask _inner = Sphere(dim);
        public string Id => Slow;
        public string Name => $"slow {_inner.Name}";
        public int SolutionDim => _inner.SolutionDim;
        public override int MeasureDim => _inner.MeasureDim;
        public IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _inner.MeasureRanges;
        public (double Lower, double Upper) InitialRange => _inner.InitialRange;

        public double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
        {
            Interlocked.Increment(ref SlowStarted);
            Thread.Sleep(25);
            return _inner.EvaluateOne(solution, measures, features);
        }

        protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) => EvaluateOne(solution, measures, features);
    }

    /// <summary>The sphere behind an awaited delay, as a remote model would be.</summary>
    private sealed class AsyncSphere(int dim) : AsyncEvaluator<double>(maxConcurrency: 8), IBenchmarkTask
    {
        private readonly IBenchmarkTask _inner = Sphere(dim);
        public string Id => Async;
        public string Name => $"async {_inner.Name}";
        public int SolutionDim => _inner.SolutionDim;
        public override int MeasureDim => _inner.MeasureDim;
        public IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _inner.MeasureRanges;
        public (double Lower, double Upper) InitialRange => _inner.InitialRange;

        public double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) => _inner.EvaluateOne(solution, measures, features);

        protected override async Task<double> EvaluateOneAsync(ReadOnlyMemory<double> solution, Memory<double> measures, Memory<double> features, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            return _inner.EvaluateOne(solution.Span, measures.Span, features.Span);
        }
    }

    /// <summary>The sphere, throwing for candidates whose first coordinate is above 0.5.</summary>
    private sealed class ThrowingSphere(int dim) : ParallelEvaluator<double>, IBenchmarkTask
    {
        private readonly IBenchmarkTask _inner = Sphere(dim);
        public string Id => Throwing;
        public string Name => $"throwing {_inner.Name}";
        public int SolutionDim => _inner.SolutionDim;
        public override int MeasureDim => _inner.MeasureDim;
        public IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _inner.MeasureRanges;
        public (double Lower, double Upper) InitialRange => _inner.InitialRange;

        public double EvaluateOne(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) =>
            solution[0] > 0.5 ? throw new InvalidOperationException($"first coordinate {solution[0]} is above 0.5") : _inner.EvaluateOne(solution, measures, features);

        protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features) => EvaluateOne(solution, measures, features);
    }
}

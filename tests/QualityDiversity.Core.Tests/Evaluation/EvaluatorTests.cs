using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Evaluation;

public class EvaluatorTests
{
    private sealed class SlowEvaluator(int concurrency, TimeSpan latency) : AsyncEvaluator<string>(concurrency)
    {
        private int _inFlight;
        public int PeakInFlight;

        public override int MeasureDim => 1;

        protected override async Task<double> EvaluateOneAsync(ReadOnlyMemory<string> solution, Memory<double> measures, Memory<double> features, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref PeakInFlight, now);
            await Task.Delay(latency, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            measures.Span[0] = solution.Span[0].Length;
            return solution.Span[0].Length * 10;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
        }
    }

    [Fact]
    public async Task Async_evaluator_overlaps_up_to_its_concurrency_and_fills_each_row()
    {
        var texts = Enumerable.Range(1, 24).Select(i => new string('x', i)).ToArray();
        var evaluator = new SlowEvaluator(8, TimeSpan.FromMilliseconds(100));
        var results = new EvaluationResults(texts.Length, 1);

        await evaluator.EvaluateAsync(new SolutionBatch<string>(texts, 1), results);

        Assert.Equal(8, evaluator.PeakInFlight);
        Assert.Equal(texts.Select(t => t.Length * 10.0), results.Objectives);
        Assert.Equal(texts.Select(t => (double)t.Length), results.Measures);
    }

    [Fact]
    public async Task Async_evaluator_honours_cancellation()
    {
        var evaluator = new SlowEvaluator(2, TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await evaluator.EvaluateAsync(new SolutionBatch<string>(new[] { "a", "b", "c" }, 1), new EvaluationResults(3, 1), cancel.Token));
    }

    [Fact]
    public async Task Function_evaluator_runs_the_function_per_row_in_parallel_batches()
    {
        var evaluator = new FunctionEvaluator<double>(2, (x, m, f) =>
        {
            m[0] = x[0];
            m[1] = x[1];
            f[0] = x[0] + x[1];
            return -(x[0] * x[0] + x[1] * x[1]);
        }, featureDim: 1);
        var data = Enumerable.Range(0, 2000).Select(i => i / 1000.0).ToArray();
        var results = new EvaluationResults(1000, 2, 1);
        await evaluator.EvaluateAsync(new SolutionBatch<double>(data, 2), results);

        for (int i = 0; i < 1000; i++)
        {
            double a = data[2 * i], b = data[2 * i + 1];
            Assert.Equal(-(a * a + b * b), results.Objectives[i]);
            Assert.Equal(a + b, results.FeaturesOf(i)[0]);
        }
    }

    [Fact]
    public async Task Cheap_batches_stay_on_one_thread_and_costly_batches_go_parallel()
    {
        static double Cheap(ReadOnlySpan<double> x, Span<double> m, Span<double> f) { m[0] = x[0]; return x[0]; }
        static double Costly(ReadOnlySpan<double> x, Span<double> m, Span<double> f)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMicroseconds(100)) { }
            m[0] = x[0];
            return x[0];
        }
        var data = Enumerable.Range(0, 256).Select(i => (double)i).ToArray();
        var batch = new SolutionBatch<double>(data, 1);

        var cheap = new FunctionEvaluator<double>(1, Cheap) { MaxDegreeOfParallelism = 2 };
        for (int i = 0; i < 3; i++) await cheap.EvaluateAsync(batch, new EvaluationResults(256, 1));
        Assert.False(cheap.LastBatchParallel);

        var costly = new FunctionEvaluator<double>(1, Costly) { MaxDegreeOfParallelism = 2 };
        var results = new EvaluationResults(256, 1);
        await costly.EvaluateAsync(batch, results);
        Assert.True(costly.LastBatchParallel);
        Assert.Equal(data, results.Objectives);

        var forced = new FunctionEvaluator<double>(1, Cheap) { MaxDegreeOfParallelism = 2, ParallelThreshold = TimeSpan.Zero };
        await forced.EvaluateAsync(batch, new EvaluationResults(256, 1));
        Assert.True(forced.LastBatchParallel);
    }

    [Fact]
    public async Task Batches_of_some_microseconds_are_shared_with_the_partner_thread_with_the_same_results()
    {
        // About 0.3 µs a candidate. The thresholds are set so that the path does not depend on the
        // measured cost: never the thread pool, always the partner where it has a core of its own.
        static double Medium(ReadOnlySpan<double> x, Span<double> m, Span<double> f)
        {
            double y = x[0];
            for (int k = 0; k < 100; k++) y = Math.Sqrt(y * y + k);
            m[0] = y;
            return -y;
        }
        var data = Enumerable.Range(0, 540).Select(i => i * 0.5).ToArray();
        var batch = new SolutionBatch<double>(data, 1);
        var sequential = new EvaluationResults(540, 1);
        await new FunctionEvaluator<double>(1, Medium) { MaxDegreeOfParallelism = 1 }.EvaluateAsync(batch, sequential);

        var shared = new FunctionEvaluator<double>(1, Medium) { MaxDegreeOfParallelism = 2, ParallelThreshold = TimeSpan.FromDays(1), PartnerThreshold = TimeSpan.Zero };
        var sharedBatches = new List<bool>();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var results = new EvaluationResults(540, 1);
            await shared.EvaluateAsync(batch, results);
            Assert.Equal(sequential.Objectives, results.Objectives);
            Assert.Equal(sequential.Measures, results.Measures);
            sharedBatches.Add(shared.LastBatchParallel);
        }
        // The partner can be busy with another test's loop now and then, never for 20 batches.
        if (Environment.ProcessorCount > 1 && !QualityDiversity.Schedulers.CpuTopology.HasSharedCores) Assert.Contains(true, sharedBatches);
        else Assert.DoesNotContain(true, sharedBatches);
    }

    [Fact]
    public async Task Results_with_the_wrong_widths_are_rejected()
    {
        var evaluator = new FunctionEvaluator<double>(2, (x, m, f) => 0);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await evaluator.EvaluateAsync(new SolutionBatch<double>(new double[4], 2), new EvaluationResults(2, 3)));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await evaluator.EvaluateAsync(new SolutionBatch<double>(new double[4], 2), new EvaluationResults(3, 2)));
    }
}

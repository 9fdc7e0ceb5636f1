using System.Diagnostics;
using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>
/// Times ask-evaluate-tell iterations of a scheduler: a warm-up first (JIT and a populated
/// archive), then repetitions of as many iterations as fit in the time budget; the median
/// repetition is reported, so one slow stretch of a shared machine does not set the figure.
/// </summary>
internal static class IterationTimer
{
    public static double MedianMilliseconds(Scheduler<double> scheduler, IBenchmarkTask task, int warmup, TimeSpan budget, int repetitions)
    {
        var results = new EvaluationResults(scheduler.Emitters.Sum(e => e.BatchSize), task.MeasureDim);
        void Iterate()
        {
            var batch = scheduler.Ask();
            task.EvaluateAsync(batch, results).AsTask().GetAwaiter().GetResult();
            scheduler.Tell(results);
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmup; i++) Iterate();
        // Size the repetitions from the warm-up's pace: at least 3 iterations each.
        double perIteration = clock.Elapsed.TotalSeconds / Math.Max(1, warmup);
        int count = Math.Max(3, (int)(budget.TotalSeconds / repetitions / Math.Max(perIteration, 1e-6)));
        var samples = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            clock.Restart();
            for (int i = 0; i < count; i++) Iterate();
            samples[r] = clock.Elapsed.TotalMilliseconds / count;
        }
        Array.Sort(samples);
        return samples[repetitions / 2];
    }
}

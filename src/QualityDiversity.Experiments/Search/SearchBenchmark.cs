using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Runs;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>Where the time of a benchmarked search loop went, in seconds over all its iterations.</summary>
/// <param name="Ask">The scheduler's Ask (emitters sampling, plus concatenating their batches).</param>
/// <param name="EmitterAsk">Inside the emitters' Ask calls (summed over threads when emitters run in parallel).</param>
/// <param name="Evaluate">The task's batch evaluation.</param>
/// <param name="Tell">The scheduler's Tell (archive adds, plus the emitters' updates).</param>
/// <param name="EmitterTell">Inside the emitters' Tell calls: ranking, strategy updates, restarts (summed over threads when emitters run in parallel).</param>
/// <param name="AllocatedBytes">Bytes allocated by the process during the loop.</param>
/// <param name="Collections">Garbage collections of generations 0, 1 and 2 during the loop.</param>
/// <param name="JitMethods">Methods the JIT compiled during the loop (all threads, every tier).</param>
/// <param name="JitSeconds">Time the JIT spent compiling during the loop, summed over threads.</param>
/// <param name="LoopThreadJitSeconds">Of that, the time on the loop's own thread (the part the loop waits for), when the loop stayed on one thread.</param>
internal sealed record SearchProfile(double Ask, double EmitterAsk, double Evaluate, double Tell, double EmitterTell, long AllocatedBytes, int[] Collections,
    long JitMethods, double JitSeconds, double? LoopThreadJitSeconds);

/// <summary>The outcome of a benchmarked search.</summary>
/// <param name="Config">The configuration that ran.</param>
/// <param name="Iterations">Iterations completed.</param>
/// <param name="Evaluations">Candidates evaluated.</param>
/// <param name="WallSeconds">Wall time of the search loop alone (building excluded).</param>
/// <param name="Statistics">Statistics of the reported archive at the end.</param>
/// <param name="Profile">The time breakdown, when profiling was asked for.</param>
/// <param name="Interrupted">Whether the loop stopped early on request.</param>
internal sealed record SearchBenchmarkResult(SearchConfig Config, int Iterations, long Evaluations, double WallSeconds,
    ArchiveStatistics Statistics, SearchProfile? Profile, bool Interrupted);

/// <summary>
/// Runs a search as a benchmark: build it, then time a bare ask → evaluate → tell loop for the
/// configured number of iterations, with no checkpoints, metrics, progress or figures (the
/// loop of pyribs' examples). The search itself is exactly the one <c>qd run</c> would run.
/// </summary>
internal static class SearchBenchmark
{
    /// <summary>Builds and runs <paramref name="config"/>.</summary>
    /// <param name="config">A resolved configuration.</param>
    /// <param name="profile">Whether to time the phases of each iteration and the emitters inside them.</param>
    /// <param name="cancellation">Stops the loop after the current iteration.</param>
    public static async Task<SearchBenchmarkResult> RunAsync(SearchConfig config, bool profile, CancellationToken cancellation)
    {
        var emitterTimes = profile ? new EmitterTimes() : null;
        var setup = SearchBuilder.Build(config, emitterTimes);
        var runner = setup.Runner;
        var phases = profile ? new PhaseTimings() : null;
        runner.Timings = phases;
        bool interrupted = false;
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        var ownJitTimeBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        int loopThread = Environment.CurrentManagedThreadId;

        long start = Stopwatch.GetTimestamp();
        if (setup.InitialPopulation is { } population)
            await runner.InitializeAsync(new SolutionBatch<double>(population, setup.Task.SolutionDim)).ConfigureAwait(false);
        // The loop of a library user's RunAsync (no per-iteration report when nothing observes it).
        try
        {
            await runner.RunAsync(config.Iterations, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            interrupted = true;
        }
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // The loop's own thread, when it ended where it began (its steps complete synchronously unless evaluation awaits).
        double? ownJit = Environment.CurrentManagedThreadId == loopThread
            ? (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - ownJitTimeBefore).TotalSeconds
            : null;

        SearchProfile? searchProfile = null;
        if (emitterTimes is not null && phases is not null)
        {
            searchProfile = new SearchProfile(phases.Ask.TotalSeconds, Seconds(emitterTimes.AskTicks), phases.Evaluate.TotalSeconds, phases.Tell.TotalSeconds,
                Seconds(emitterTimes.TellTicks), GC.GetTotalAllocatedBytes() - allocatedBefore,
                [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]],
                System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore, (System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds, ownJit);
        }
        return new SearchBenchmarkResult(config, runner.Iteration, runner.Evaluations, wall, runner.Scheduler.ReportedArchive.Statistics, searchProfile, interrupted);
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}

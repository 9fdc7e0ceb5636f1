using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cli.Search;

/// <summary>Where the time of a benchmarked search loop went, in seconds over all its iterations.</summary>
/// <param name="Ask">The scheduler's Ask (emitters sampling, plus concatenating their batches).</param>
/// <param name="EmitterAsk">Inside the emitters' Ask calls (summed over threads when emitters run in parallel).</param>
/// <param name="Evaluate">The task's batch evaluation.</param>
/// <param name="Tell">The scheduler's Tell (archive adds, plus the emitters' updates).</param>
/// <param name="EmitterTell">Inside the emitters' Tell calls: ranking, strategy updates, restarts (summed over threads when emitters run in parallel).</param>
/// <param name="AllocatedBytes">Bytes allocated by the process during the loop.</param>
/// <param name="Collections">Garbage collections of generations 0, 1 and 2 during the loop.</param>
internal sealed record SearchProfile(double Ask, double EmitterAsk, double Evaluate, double Tell, double EmitterTell, long AllocatedBytes, int[] Collections);

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
        var scheduler = setup.Runner.Scheduler;
        var task = setup.Task;
        EvaluationResults? results = null;
        long evaluations = 0, askTicks = 0, evaluateTicks = 0, tellTicks = 0;
        int iterations = 0;
        bool interrupted = false;
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

        long start = Stopwatch.GetTimestamp();
        if (setup.InitialPopulation is { } population)
        {
            var initial = await setup.Runner.InitializeAsync(new SolutionBatch<double>(population, task.SolutionDim)).ConfigureAwait(false);
            evaluations += initial.Status.Length;
        }
        while (iterations < config.Iterations)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            long t0 = Stopwatch.GetTimestamp();
            var batch = scheduler.Ask();
            long t1 = Stopwatch.GetTimestamp();
            if (results is null || results.Count != batch.Count)
                results = new EvaluationResults(batch.Count, task.MeasureDim, task.FeatureDim);
            await task.EvaluateAsync(batch, results, CancellationToken.None).ConfigureAwait(false);
            long t2 = Stopwatch.GetTimestamp();
            scheduler.Tell(results);
            long t3 = Stopwatch.GetTimestamp();
            askTicks += t1 - t0;
            evaluateTicks += t2 - t1;
            tellTicks += t3 - t2;
            evaluations += batch.Count;
            iterations++;
        }
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;

        SearchProfile? searchProfile = null;
        if (emitterTimes is not null)
        {
            searchProfile = new SearchProfile(Seconds(askTicks), Seconds(emitterTimes.AskTicks), Seconds(evaluateTicks), Seconds(tellTicks),
                Seconds(emitterTimes.TellTicks), GC.GetTotalAllocatedBytes() - allocatedBefore,
                [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]]);
        }
        return new SearchBenchmarkResult(config, iterations, evaluations, wall, scheduler.ReportedArchive.Statistics, searchProfile, interrupted);
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}

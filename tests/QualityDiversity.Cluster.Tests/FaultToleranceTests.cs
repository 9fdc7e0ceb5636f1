using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Cluster.Tests.Support;
using QualityDiversity.Domains;

namespace QualityDiversity.Cluster.Tests;

/// <summary>Runs its tests alone: a silo killed while other tests load the machine can take longer to die than a batch to finish.</summary>
[CollectionDefinition(nameof(SiloKills), DisableParallelization = true)]
public sealed class SiloKills;

/// <summary>Workers that die mid-batch, and a cluster with no worker left.</summary>
[Collection(nameof(SiloKills))]
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task WorkerKilledMidBatchLosesNothingAndCountsNothingTwice()
    {
        await using var workers = new WorkerCluster(2);
        await workers.InitializeAsync();
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(TestTasks.Slow, 6), workers.Client, new ClusterEvaluatorOptions { ChunkTimeout = TimeSpan.FromSeconds(30) });

        // Small batches until the coordinator knows lanes to both workers, so the next batch keeps both busy.
        int batches = 0, candidates = 0;
        while (evaluator.Statistics.CandidatesByWorker.Count < 2)
        {
            Assert.True(batches < 30, "after 30 batches no chunk has reached the second worker.");
            var warmup = Batches.Random(16, 6, seed: 200 + batches);
            Batches.AssertIdentical(await Batches.LocalAsync(TestTasks.Slow, warmup), await Batches.EvaluateAsync(evaluator, warmup));
            batches++;
            candidates += warmup.Count;
        }
        long keptBefore = evaluator.Statistics.Chunks;

        var batch = Batches.Random(480, 6, seed: 7);
        var local = await Batches.LocalAsync(TestTasks.Slow, batch);
        Volatile.Write(ref TestTasks.SlowStarted, 0);
        var evaluation = Batches.EvaluateAsync(evaluator, batch);
        while (Volatile.Read(ref TestTasks.SlowStarted) < 30 && !evaluation.IsCompleted) await Task.Delay(1);
        Assert.False(evaluation.IsCompleted, "the batch ended before a worker could be killed in its middle.");
        await workers.Cluster.KillSiloAsync(workers.Cluster.SecondarySilos[0]);
        var remote = await evaluation;

        Batches.AssertIdentical(local, remote);
        // 480 candidates over 2 workers of 2 lanes, two chunks a lane: 8 chunks of 60, each kept exactly once.
        Assert.Equal(8, evaluator.Statistics.Chunks - keptBefore);
        Assert.Equal(candidates + 480, evaluator.Statistics.CandidatesByWorker.Values.Sum());
        Assert.True(evaluator.Statistics.Resent + evaluator.Statistics.Duplicates >= 1, $"the dead worker's chunk was never sent again: {evaluator.Statistics}");
    }

    [Fact]
    public async Task WithNoWorkerLeftTheBatchWaitsThenStopsAfterTheWorkerWait()
    {
        await using var workers = new WorkerCluster(1);
        await workers.InitializeAsync();
        var notes = new List<string>();
        using var stop = new CancellationTokenSource();
        var options = new ClusterEvaluatorOptions
        {
            ChunkTimeout = TimeSpan.FromSeconds(1),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            WorkerWait = TimeSpan.FromSeconds(2),
            Log = m => { lock (notes) notes.Add(m); },
        };
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, 4), workers.Client, options);
        var batch = Batches.Random(20, 4, seed: 9);
        Batches.AssertIdentical(await Batches.LocalAsync(BenchmarkTasks.LinearProjectionSphere, batch), await Batches.EvaluateAsync(evaluator, batch));

        await workers.Cluster.KillSiloAsync(workers.Cluster.Primary!);

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => Batches.EvaluateAsync(evaluator, batch));
        Assert.Contains("No worker of cluster", error.Message);
        Assert.Contains("resume", error.Message);
        Assert.IsAssignableFrom<QualityDiversity.Evaluation.EvaluatorUnavailableException>(error);

        // A run's evaluation, which records a failing batch as failed candidates, lets it through:
        // nothing is known about the candidates, so none is marked failed.
        var results = new QualityDiversity.Evaluation.EvaluationResults(batch.Count, evaluator.MeasureDim);
        await Assert.ThrowsAsync<ClusterUnavailableException>(() => QualityDiversity.Evaluation.PolicyEvaluation.EvaluateAsync(
            evaluator, batch, results, QualityDiversity.Runs.EvaluationFailurePolicy.SkipFailed).AsTask());
        Assert.Equal(0, results.FailedCount);

        // Without a worker wait, it waits until told to stop, and says so.
        var waiting = ClusterEvaluator.For(BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, 4), workers.Client,
            options with { WorkerWait = null, Stop = stop.Token });
        var evaluation = Batches.EvaluateAsync(waiting, batch);
        while (!evaluation.IsCompleted)
        {
            lock (notes) if (notes.Exists(n => n.Contains("waiting for workers"))) break;
            await Task.Delay(10);
        }
        Assert.False(evaluation.IsCompleted, $"the batch ended instead of waiting: {evaluation.Exception}");
        stop.Cancel();
        var stopped = await Assert.ThrowsAsync<ClusterUnavailableException>(() => evaluation);
        Assert.Contains("Stopped while waiting", stopped.Message);
    }
}

using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Cluster.Tests.Support;
using QualityDiversity.Domains;

namespace QualityDiversity.Cluster.Tests;

/// <summary>Batches evaluated by two in-process worker silos give the local results, bit for bit.</summary>
public sealed class ClusterEvaluatorTests(WorkerCluster workers) : IClassFixture<WorkerCluster>
{
    [Fact]
    public async Task ArmBatchMatchesLocalEvaluationInCandidateOrder()
    {
        var batch = Batches.Random(150, 12, seed: 1);
        var local = await Batches.LocalAsync(BenchmarkTasks.Arm, batch);
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(BenchmarkTasks.Arm, 12), workers.Client, new ClusterEvaluatorOptions { ChunkSize = 7 });

        var remote = await Batches.EvaluateAsync(evaluator, batch);

        Batches.AssertIdentical(local, remote);
        Assert.True(remote.Features.Length > 0, "the arm keeps features; they must travel too.");
        // 150 candidates in chunks of at most 7: 22 chunks, each kept exactly once.
        Assert.Equal(22, evaluator.Statistics.Chunks);
        Assert.Equal(150, evaluator.Statistics.CandidatesByWorker.Values.Sum());
    }

    [Fact]
    public async Task AsynchronousTaskMatchesLocalEvaluation()
    {
        var batch = Batches.Random(64, 5, seed: 2);
        var local = await Batches.LocalAsync(TestTasks.Async, batch);
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(TestTasks.Async, 5), workers.Client);

        var remote = await Batches.EvaluateAsync(evaluator, batch);

        Batches.AssertIdentical(local, remote);
    }

    [Fact]
    public async Task CandidateFailuresComeBackAtTheirIndices()
    {
        var batch = Batches.Random(40, 3, seed: 3);
        var local = await Batches.LocalAsync(TestTasks.Throwing, batch, catchExceptions: true);
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(TestTasks.Throwing, 3), workers.Client, new ClusterEvaluatorOptions { ChunkSize = 6 });

        var remote = await Batches.EvaluateAsync(evaluator, batch, catchExceptions: true);

        Assert.InRange(local.FailedCount, 1, 39);
        Batches.AssertIdentical(local, remote);
    }

    [Fact]
    public async Task ThrowingCandidateFailsTheBatchWhenExceptionsAreNotCaught()
    {
        var batch = Batches.Random(40, 3, seed: 3);
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(TestTasks.Throwing, 3), workers.Client);

        var error = await Assert.ThrowsAsync<ClusterEvaluationException>(() => Batches.EvaluateAsync(evaluator, batch));

        Assert.Contains("InvalidOperationException", error.Message);
        Assert.Contains("above 0.5", error.Message);
    }

    [Fact]
    public async Task UnknownTaskOnTheWorkersFailsTheBatchNamingIt()
    {
        var batch = Batches.Random(10, 3, seed: 4);
        var evaluator = new ClusterEvaluator(workers.Client, "no-such-task", measureDim: 2, featureDim: 0);

        var error = await Assert.ThrowsAsync<ClusterEvaluationException>(() => Batches.EvaluateAsync(evaluator, batch));

        Assert.Contains("Unknown benchmark task 'no-such-task'", error.Message);
    }

    [Fact]
    public async Task LaterBatchesReachBothWorkers()
    {
        var evaluator = ClusterEvaluator.For(BenchmarkTasks.Create(BenchmarkTasks.LinearProjectionSphere, 10), workers.Client);
        for (int b = 0; b < 12; b++)
        {
            var batch = Batches.Random(64, 10, seed: 100 + b);
            Batches.AssertIdentical(await Batches.LocalAsync(BenchmarkTasks.LinearProjectionSphere, batch), await Batches.EvaluateAsync(evaluator, batch));
        }

        Assert.Equal(2, evaluator.Statistics.CandidatesByWorker.Count);
        Assert.Equal(12 * 64, evaluator.Statistics.CandidatesByWorker.Values.Sum());
        Assert.Equal(12, evaluator.Statistics.Batches);
    }
}

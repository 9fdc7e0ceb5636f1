using Orleans.Concurrency;
using QualityDiversity.Cluster.Protocol;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cluster.Worker;

/// <summary>
/// Evaluates chunks on a worker silo with the task the chunk names, exactly as the coordinator
/// would have evaluated those candidates itself, so that results do not depend on where they came from.
/// </summary>
[StatelessWorker]
internal sealed class EvaluationGrain(ILocalSiloDetails silo) : Grain, IEvaluationGrain
{
    /// <inheritdoc />
    public async Task<ChunkResult> EvaluateAsync(EvaluationChunk chunk, CancellationToken cancellationToken = default)
    {
        string worker = silo.SiloAddress.ToString();
        try
        {
            var task = WorkerTasks.Get(chunk.Task, chunk.Dim);
            if (task.SolutionDim != chunk.Dim)
                throw new ArgumentException($"task '{chunk.Task}' has solution dimension {task.SolutionDim}, but the chunk's rows have {chunk.Dim} values.");
            int count = chunk.Count;
            var results = new EvaluationResults(count, task.MeasureDim, task.FeatureDim) { CatchCandidateExceptions = chunk.CatchCandidateExceptions };
            // CPU-bound tasks run on the thread pool rather than holding the grain's scheduler turn.
            await Task.Run(() => task.EvaluateAsync(new SolutionBatch<double>(chunk.Solutions, chunk.Dim), results, cancellationToken).AsTask(), cancellationToken);
            var failures = new ChunkFailure[results.FailedCount];
            int f = 0;
            foreach (var failure in results.Failures) failures[f++] = new ChunkFailure(failure.Index, failure.Kind, failure.Message);
            return new ChunkResult
            {
                Worker = worker,
                Objectives = results.Objectives,
                Measures = results.Measures,
                Features = results.Features,
                Failures = failures,
            };
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChunkResult { Worker = worker, Error = $"{error.GetType().Name}: {error.Message}" };
        }
    }
}

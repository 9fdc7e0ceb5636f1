using System.Diagnostics;
using QualityDiversity.Cluster.Protocol;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cluster.Coordinator;

/// <summary>
/// The evaluation of one batch on the cluster. Lanes (concurrent callers, each bound to a grain
/// key and so to a gateway silo) pull chunks from a queue, which keeps fast workers busy and lets
/// slow ones take fewer chunks. A failed or timed-out call puts its chunk back in the queue; once
/// the queue is empty, idle lanes also take chunks that have been in flight unusually long. Each
/// chunk's results are written once, by its first answer, so nothing is lost or written twice.
/// </summary>
internal sealed class BatchDispatch
{
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(1);
    private readonly ClusterEvaluator _owner;
    private readonly SolutionBatch<double> _solutions;
    private readonly EvaluationResults _results;
    private readonly ChunkPlan _plan;
    private readonly EvaluationChunk?[] _requests;
    private readonly Lock _gate = new();
    private readonly Queue<int> _pending = new();
    private readonly bool[] _done;
    private readonly int[] _copies;
    private readonly long[] _sentAt;
    private readonly List<double> _seconds = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;
    private long _lastAnswer;
    private bool _waitingNoted;

    public BatchDispatch(ClusterEvaluator owner, SolutionBatch<double> solutions, EvaluationResults results, ChunkPlan plan)
    {
        _owner = owner;
        _solutions = solutions;
        _results = results;
        _plan = plan;
        _requests = new EvaluationChunk?[plan.Chunks];
        _done = new bool[plan.Chunks];
        _copies = new int[plan.Chunks];
        _sentAt = new long[plan.Chunks];
        _remaining = plan.Chunks;
        for (int c = 0; c < plan.Chunks; c++) _pending.Enqueue(c);
        _lastAnswer = Stopwatch.GetTimestamp();
    }

    private ClusterEvaluatorOptions Options => _owner.Options;

    /// <summary>Runs the lanes until every chunk has its results; throws the first chunk error.</summary>
    public async Task RunAsync(IReadOnlyList<long> laneKeys, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lanes = new Task[laneKeys.Count];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = LaneAsync(laneKeys[i], stop.Token);
        try
        {
            await _finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Copies still in flight are abandoned: their answers can no longer be kept.
            stop.Cancel();
            try
            {
                await Task.WhenAll(lanes).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task LaneAsync(long key, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int chunk = Take(out TimeSpan wait, out Task changed);
                if (chunk < 0)
                {
                    if (wait == Timeout.InfiniteTimeSpan) return;
                    // Look again at least every second, so a stop request or the worker wait is noticed.
                    await Task.WhenAny(changed, Task.Delay(wait < MaxIdle ? wait : MaxIdle, cancellationToken)).ConfigureAwait(false);
                    CheckWorkerWait();
                    continue;
                }
                key = await CallAsync(key, chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            _finished.TrySetException(error);
        }
    }

    // Sends one chunk; returns the key the lane goes on with (a new one after a failed call).
    private async Task<long> CallAsync(long key, int chunk, CancellationToken cancellationToken)
    {
        var request = Request(chunk);
        var grain = _owner.Grains.GetGrain<IEvaluationGrain>(key);
        long started = Stopwatch.GetTimestamp();
        ChunkResult answer;
        try
        {
            answer = await grain.EvaluateAsync(request, cancellationToken).WaitAsync(Options.ChunkTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(chunk, key, error);
            await Task.Delay(Options.RetryDelay, cancellationToken).ConfigureAwait(false);
            CheckWorkerWait();
            return _owner.NewKey();
        }
        if (answer.Error is { } message)
            throw new ClusterEvaluationException($"Worker {answer.Worker} failed to evaluate candidates {_plan.Start(chunk)}..{_plan.Start(chunk) + _plan.Length(chunk) - 1}: {message}");
        Keep(chunk, key, answer, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return key;
    }

    private EvaluationChunk Request(int chunk)
    {
        lock (_gate)
        {
            return _requests[chunk] ??= new EvaluationChunk
            {
                Task = _owner.TaskName,
                Dim = _solutions.Width,
                Solutions = _solutions.Slice(_plan.Start(chunk), _plan.Length(chunk)).Data.ToArray(),
                CatchCandidateExceptions = _results.CatchCandidateExceptions,
            };
        }
    }

    // The next chunk for an idle lane: a queued one, else a straggler's copy; -1 with how long to
    // wait before looking again (infinite when the batch is complete).
    private int Take(out TimeSpan wait, out Task changed)
    {
        lock (_gate)
        {
            changed = _changed.Task;
            wait = Timeout.InfiniteTimeSpan;
            if (_remaining == 0) return -1;
            if (_pending.TryDequeue(out int next))
            {
                Send(next);
                return next;
            }
            // A straggler is a chunk in flight for much longer than chunks usually take; before
            // any chunk has answered, only the timeout tells.
            double limit = _seconds.Count == 0 ? Options.ChunkTimeout.TotalSeconds : Math.Max(Options.MinStragglerTime.TotalSeconds, Options.StragglerFactor * Median());
            long now = Stopwatch.GetTimestamp();
            int oldest = -1;
            for (int c = 0; c < _done.Length; c++)
            {
                if (_done[c] || _copies[c] != 1) continue;
                if (oldest < 0 || _sentAt[c] < _sentAt[oldest]) oldest = c;
            }
            if (oldest < 0)
            {
                wait = Options.ChunkTimeout;
                return -1;
            }
            double age = (now - _sentAt[oldest]) / (double)Stopwatch.Frequency;
            if (age >= limit)
            {
                _owner.Statistics.AddDuplicate();
                Send(oldest);
                return oldest;
            }
            wait = TimeSpan.FromSeconds(Math.Max(0.001, limit - age));
            return -1;
        }
    }

    private void Send(int chunk)
    {
        _copies[chunk]++;
        _sentAt[chunk] = Stopwatch.GetTimestamp();
    }

    private double Median()
    {
        var sorted = _seconds.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private void Keep(int chunk, long key, ChunkResult answer, double seconds)
    {
        int start = _plan.Start(chunk), length = _plan.Length(chunk);
        int measureDim = _results.MeasureDim, featureDim = _results.FeatureDim;
        if (answer.Objectives.Length != length || answer.Measures.Length != length * measureDim || answer.Features.Length != length * featureDim)
            throw new ClusterEvaluationException(
                $"Worker {answer.Worker} returned {answer.Objectives.Length} objectives, {answer.Measures.Length} measures and {answer.Features.Length} features " +
                $"for a chunk of {length} candidates with {measureDim} measures and {featureDim} features each; it runs a different version of task '{_owner.TaskName}'.");
        lock (_gate)
        {
            _copies[chunk]--;
            _owner.NoteWorker(key, answer.Worker);
            _lastAnswer = Stopwatch.GetTimestamp();
            if (_waitingNoted)
            {
                _waitingNoted = false;
                Options.Log?.Invoke($"Worker {answer.Worker} answers again; evaluation goes on.");
            }
            if (_done[chunk])
            {
                _owner.Statistics.AddWasted();
                return;
            }
            answer.Objectives.CopyTo(_results.Objectives.AsSpan(start, length));
            answer.Measures.CopyTo(_results.Measures.AsSpan(start * measureDim, length * measureDim));
            answer.Features.CopyTo(_results.Features.AsSpan(start * featureDim, length * featureDim));
            foreach (var failure in answer.Failures)
            {
                if ((uint)failure.Index >= (uint)length)
                    throw new ClusterEvaluationException($"Worker {answer.Worker} reported a failure of candidate {failure.Index} in a chunk of {length}.");
                _results.MarkFailed(start + failure.Index, failure.Kind, failure.Message);
            }
            _done[chunk] = true;
            _seconds.Add(seconds);
            _owner.Statistics.AddKept(answer.Worker, length);
            if (--_remaining == 0) _finished.TrySetResult();
            Pulse();
        }
    }

    private void Failed(int chunk, long key, Exception error)
    {
        lock (_gate)
        {
            _copies[chunk]--;
            _owner.ForgetKey(key);
            // Back in the queue unless another copy is still out or an answer already came.
            if (!_done[chunk] && _copies[chunk] == 0)
            {
                _pending.Enqueue(chunk);
                _owner.Statistics.AddResent();
            }
            double silent = Stopwatch.GetElapsedTime(_lastAnswer).TotalSeconds;
            if (!_waitingNoted && silent >= Math.Min(Options.ChunkTimeout.TotalSeconds, 5))
            {
                _waitingNoted = true;
                string stop = Options.WorkerWait is { } wait ? $"; the batch fails after {wait.TotalSeconds:0.#} s without one" : "";
                Options.Log?.Invoke($"No worker of cluster '{_owner.ClusterName}' has answered for {silent:0.#} s ({error.GetType().Name}: {error.Message}); waiting for workers{stop}.");
            }
            Pulse();
        }
    }

    private void CheckWorkerWait()
    {
        double silent;
        bool waiting;
        lock (_gate)
        {
            silent = Stopwatch.GetElapsedTime(_lastAnswer).TotalSeconds;
            waiting = _waitingNoted;
        }
        if (waiting && Options.Stop.IsCancellationRequested)
            throw new ClusterUnavailableException($"Stopped while waiting for a worker of cluster '{_owner.ClusterName}' (none answered for {silent:0.#} s); the batch was not evaluated.");
        if (Options.WorkerWait is not { } wait) return;
        if (silent >= wait.TotalSeconds)
            throw new ClusterUnavailableException(
                $"No worker of cluster '{_owner.ClusterName}' answered for {silent:0.#} s (worker_wait {wait.TotalSeconds:0.#} s); the batch was not evaluated. Start workers ('qd worker') and resume the run.");
    }

    private void Pulse()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}

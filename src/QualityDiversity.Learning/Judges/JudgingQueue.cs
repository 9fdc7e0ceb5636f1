using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// A judge whose answers come from outside the search, in the same process: each call of
/// <see cref="JudgeAsync"/> posts its triplets as pending and waits until every one of them is
/// answered or skipped; people (through a web page, for example) take triplets with
/// <see cref="Next"/> and answer them with <see cref="Answer"/>, several at once.
/// </summary>
/// <remarks>
/// <para>
/// Each accepted answer is handed to the answer callback (to append it to the run's judgments
/// file) before it counts, so answers given before a crash or a stop are kept even though the
/// update that asked for them never finished; a resumed run replays them instead of asking again.
/// A skip declines the triplet (as at the console): the update refits on the answers it has.
/// </para>
/// <para>
/// <see cref="Stop"/> ends the wait: the waiting call, and every later one, throws
/// <see cref="OperationCanceledException"/>. Cancelling a call's token does the same for that call.
/// One update asks at a time; a second concurrent call is an error. Thread-safe.
/// </para>
/// </remarks>
public sealed class JudgingQueue : IJudge
{
    /// <summary>The longest rater name accepted.</summary>
    public const int MaxRaterLength = 64;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<Judgment>? _onAnswer;
    private Slot[] _batch = [];
    private TaskCompletionSource? _done;
    private long _nextId = 1;
    private int _answered;
    private int _skipped;
    private bool _stopped;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="name">The judge's name, for logs and descriptions (each judgment records its rater's name).</param>
    /// <param name="onAnswer">
    /// Called with each judgment as it is accepted, before it counts (for example <see cref="JudgmentSet.Add"/>
    /// on the run's opened set). When it throws, the answer is refused and the triplet stays pending.
    /// </param>
    /// <param name="timeProvider">Clock for asked and answered times; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public JudgingQueue(string name = "web", Action<Judgment>? onAnswer = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _onAnswer = onAnswer;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public JudgeKind Kind => JudgeKind.Human;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Raised after each accepted answer has been handed to the answer callback, in answer order.</summary>
    /// <remarks>Raised while the queue is locked: handlers must be quick and must not call back into the queue.</remarks>
    public event Action<JudgingQueueAnswer>? Answered;

    /// <summary>Raised whenever triplets are posted, answered or skipped, or the queue stops (outside the lock).</summary>
    public event Action<JudgingProgress>? Changed;

    /// <summary>Where the queue stands now.</summary>
    public JudgingProgress Progress
    {
        get
        {
            lock (_gate) return ProgressLocked();
        }
    }

    /// <summary>The triplets waiting for an answer, in the order they were posted.</summary>
    public IReadOnlyList<PendingTriplet> Pending
    {
        get
        {
            lock (_gate) return _batch.Where(s => !s.Resolved).Select(s => s.Pending).ToArray();
        }
    }

    /// <summary>
    /// The triplet to show <paramref name="rater"/> next, or null when none is waiting: the one
    /// they were shown last if it still waits, else the first one no other rater holds, else (all
    /// held) the first one waiting, so that nobody idles while a question is open.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rater"/> is not a valid rater name (see <see cref="CheckRater"/>).</exception>
    public PendingTriplet? Next(string rater)
    {
        CheckRater(rater, nameof(rater));
        lock (_gate)
        {
            Slot? chosen = null;
            foreach (var slot in _batch)
            {
                if (slot.Resolved) continue;
                if (slot.Holder == rater) return slot.Pending;
                if (slot.Holder is null && (chosen is null || chosen.Holder is not null)) chosen = slot;
                chosen ??= slot;
            }
            if (chosen is null) return null;
            chosen.Holder = rater;
            return chosen.Pending;
        }
    }

    /// <summary>The waiting triplet numbered <paramref name="id"/>, or null.</summary>
    public PendingTriplet? Find(long id)
    {
        lock (_gate) return Array.Find(_batch, s => s.Pending.Id == id && !s.Resolved)?.Pending;
    }

    /// <summary>Answers (or, with a null <paramref name="answer"/>, skips) the waiting triplet numbered <paramref name="id"/>.</summary>
    /// <param name="id">The triplet's <see cref="PendingTriplet.Id"/>.</param>
    /// <param name="answer">Which candidate is more like the reference; null skips the triplet.</param>
    /// <param name="rater">Who answered, recorded as the judgment's judge name.</param>
    /// <returns>Whether the answer was accepted, taken as a skip, or came too late (the triplet no longer waits).</returns>
    /// <exception cref="ArgumentException"><paramref name="rater"/> is not a valid rater name, or <paramref name="answer"/> is not A, B or null.</exception>
    public JudgingAnswerResult Answer(long id, TripletAnswer? answer, string rater)
    {
        CheckRater(rater, nameof(rater));
        if (answer is { } given && given is not (TripletAnswer.A or TripletAnswer.B))
            throw new ArgumentException($"Answer {(int)given} is not A or B.", nameof(answer));
        JudgingAnswerResult result;
        JudgingProgress progress;
        lock (_gate)
        {
            var slot = Array.Find(_batch, s => s.Pending.Id == id);
            if (slot is null || slot.Resolved) return JudgingAnswerResult.NotPending;
            if (answer is { } a)
            {
                var judgment = slot.Pending.Triplet.Answer(a, JudgeKind.Human, rater, _time.GetUtcNow());
                _onAnswer?.Invoke(judgment);
                slot.Judgment = judgment;
                _answered++;
                result = JudgingAnswerResult.Accepted;
                Answered?.Invoke(new JudgingQueueAnswer(slot.Pending, judgment));
            }
            else
            {
                _skipped++;
                result = JudgingAnswerResult.Skipped;
            }
            slot.Resolved = true;
            if (_batch.All(s => s.Resolved)) _done?.TrySetResult();
            progress = ProgressLocked();
        }
        Changed?.Invoke(progress);
        return result;
    }

    /// <summary>Ends waiting for good: the waiting <see cref="JudgeAsync"/> and every later call throw <see cref="OperationCanceledException"/>.</summary>
    public void Stop()
    {
        JudgingProgress progress;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _done?.TrySetCanceled();
            progress = ProgressLocked();
        }
        Changed?.Invoke(progress);
    }

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException">The queue was stopped or <paramref name="cancellationToken"/> cancelled before every triplet was answered or skipped; answers already accepted were handed to the answer callback.</exception>
    /// <exception cref="InvalidOperationException">Another call is still waiting.</exception>
    public async ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        for (int i = 0; i < triplets.Count; i++)
            if (triplets[i] is null) throw new ArgumentException($"Triplet {i} is null.", nameof(triplets));
        if (triplets.Count == 0) return [];

        Slot[] batch;
        TaskCompletionSource done;
        JudgingProgress progress;
        lock (_gate)
        {
            if (_stopped) throw new OperationCanceledException("The judging queue was stopped.");
            if (_done is not null) throw new InvalidOperationException("The judging queue is already waiting for another update's answers.");
            var now = _time.GetUtcNow();
            batch = new Slot[triplets.Count];
            for (int i = 0; i < batch.Length; i++)
                batch[i] = new Slot(new PendingTriplet(_nextId++, TripletKey.Of(triplets[i]), triplets[i], now));
            _batch = batch;
            done = _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            progress = ProgressLocked();
        }
        Changed?.Invoke(progress);
        try
        {
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The judging queue was stopped while it waited for answers.");
        }
        finally
        {
            lock (_gate)
            {
                _batch = [];
                _done = null;
                progress = ProgressLocked();
            }
            Changed?.Invoke(progress);
        }
        return batch.Where(s => s.Judgment is not null).Select(s => s.Judgment!).ToArray();
    }

    /// <summary>Checks a rater name: 1 to <see cref="MaxRaterLength"/> characters, not only white space, no control characters.</summary>
    /// <exception cref="ArgumentException">It is not; the message says why and names <paramref name="paramName"/>.</exception>
    public static void CheckRater(string? rater, string paramName)
    {
        if (string.IsNullOrWhiteSpace(rater))
            throw new ArgumentException("A rater name is required (1 to 64 characters).", paramName);
        if (rater.Length > MaxRaterLength)
            throw new ArgumentException($"A rater name has at most {MaxRaterLength} characters, got {rater.Length}.", paramName);
        int control = rater.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control >= 0 || rater.Contains('\u007f'))
            throw new ArgumentException($"A rater name cannot hold control characters (character {Math.Max(control, rater.IndexOf('\u007f'))}).", paramName);
    }

    private JudgingProgress ProgressLocked() =>
        new(_batch.Length, _batch.Count(s => !s.Resolved), _answered, _skipped, _stopped);

    private sealed class Slot(PendingTriplet pending)
    {
        public PendingTriplet Pending { get; } = pending;
        public string? Holder { get; set; }
        public bool Resolved { get; set; }
        public Judgment? Judgment { get; set; }
    }
}

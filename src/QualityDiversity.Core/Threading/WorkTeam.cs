using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace QualityDiversity.Threading;

/// <summary>
/// Fork–join over the machine's cores for work of tens of microseconds: the per-iteration
/// sampling and evaluation of one emitter's batch, which is too short for the thread pool (waking
/// a pool thread costs about as much as the work itself).
/// </summary>
/// <remarks>
/// <para>
/// A few dedicated background threads wait for parts of a job; after each job they keep polling
/// for <see cref="SpinMicroseconds"/> before they block, so in a search loop, where jobs come
/// every few tens of microseconds, they start a part within about a microsecond instead of the
/// pool's tens. The calling thread runs parts too and claims any part no helper has started, so
/// a helper that the operating system has descheduled delays nothing.
/// </para>
/// <para>
/// On a machine busy with other work a helper may be descheduled in the middle of a part, and the
/// caller then waits a whole time slice for it. Jobs whose helpers finish much later than the
/// caller are counted; after <see cref="LateJobsBeforePause"/> in a row the team pauses (runs
/// every part on the caller) for a while that doubles with each pause, up to a second.
/// </para>
/// <para>
/// One job at a time: a call made while another thread's job is running (emitters asked
/// concurrently, say) runs all its parts on its own thread. Parts write disjoint outputs, so the
/// result never depends on which thread ran which part.
/// </para>
/// </remarks>
internal static class WorkTeam
{
    /// <summary>How long an idle helper keeps polling before it blocks.</summary>
    public const int SpinMicroseconds = 50;

    private const int MaxThreads = 64;

    // The claim word: generation (high 32 bits), parts (next 16), next unclaimed part (low 16).
    // Parts travel with the generation, so a helper that read an older generation can never
    // claim a part of a newer job.
    private static long _claim;
    private const long GenerationMask = 0x7FFF_FFFF; // wraps after 2³¹ jobs; only equality matters
    private static TeamJob? _job;
    private static int _remaining;
    private static int _busy;
    private static int _sleepers;
    private static Exception? _failure;
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly ManualResetEventSlim Done = new(false, spinCount: 0);

    /// <summary>Late jobs in a row after which the team pauses.</summary>
    public const int LateJobsBeforePause = 4;
    private static readonly long LateSlackTicks = Stopwatch.Frequency * 20 / 1_000_000;
    private static readonly long FirstPauseTicks = Stopwatch.Frequency / 100;
    private static readonly long LongestPauseTicks = Stopwatch.Frequency;
    // Touched only by the caller holding _busy.
    private static int _lateStreak, _goodStreak;
    private static long _pauseTicks = FirstPauseTicks, _pausedUntil;
    private static readonly Lazy<int> Helpers = new(StartHelpers, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Threads a job can use at once: the caller and the helpers (1 on a one-core machine).</summary>
    public static int Size => Math.Min(Environment.ProcessorCount, MaxThreads);

    /// <summary>
    /// Runs parts 0 … <paramref name="parts"/> − 1 of <paramref name="job"/> and returns when all
    /// have finished; the first exception a part throws is rethrown here.
    /// </summary>
    public static void Run(TeamJob job, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, ushort.MaxValue);
        if (parts == 1 || Size == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) job.RunPart(part, parts);
            return;
        }
        if (Stopwatch.GetTimestamp() < _pausedUntil)
        {
            Volatile.Write(ref _busy, 0);
            for (int part = 0; part < parts; part++) job.RunPart(part, parts);
            return;
        }
        try
        {
            _ = Helpers.Value;
            _failure = null;
            _job = job;
            Done.Reset();
            Volatile.Write(ref _remaining, parts);
            long generation = (GenerationOf(Volatile.Read(ref _claim)) + 1) & GenerationMask;
            Interlocked.Exchange(ref _claim, (generation << 32) | ((long)parts << 16));
            int sleepers = Volatile.Read(ref _sleepers);
            if (sleepers > 0) Wake.Release(Math.Min(sleepers, parts - 1));
            long started = Stopwatch.GetTimestamp();
            RunClaimedParts(generation);
            long ownDone = Stopwatch.GetTimestamp();
            AwaitHelpers(ownDone);
            NoteJoin(ownDone - started, Stopwatch.GetTimestamp() - ownDone);
            _job = null;
            if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // Polls while the helpers' parts are likely short, then blocks until the last part sets Done.
    private static void AwaitHelpers(long since)
    {
        long spinTicks = Stopwatch.Frequency * 4 * SpinMicroseconds / 1_000_000;
        var spin = new SpinWait();
        while (Volatile.Read(ref _remaining) > 0)
        {
            if (Stopwatch.GetTimestamp() - since > spinTicks)
            {
                // A set left over from the previous job's last part can wake this wait early.
                Done.Wait();
                if (Volatile.Read(ref _remaining) == 0) return;
                Done.Reset();
                continue;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    // A job is late when the caller waited for the helpers longer than it worked (plus slack).
    private static void NoteJoin(long ownTicks, long waitTicks)
    {
        if (waitTicks <= ownTicks + LateSlackTicks)
        {
            _lateStreak = 0;
            if (++_goodStreak >= 256) _pauseTicks = FirstPauseTicks;
            return;
        }
        _goodStreak = 0;
        if (++_lateStreak < LateJobsBeforePause) return;
        _lateStreak = 0;
        _pausedUntil = Stopwatch.GetTimestamp() + _pauseTicks;
        _pauseTicks = Math.Min(2 * _pauseTicks, LongestPauseTicks);
    }

    /// <summary>Claims and runs parts of <paramref name="generation"/> until none is left.</summary>
    private static void RunClaimedParts(long generation)
    {
        var job = Volatile.Read(ref _job);
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            if (GenerationOf(claim) != generation) return;
            int parts = (int)((claim >> 16) & 0xFFFF), next = (int)(claim & 0xFFFF);
            if (next >= parts) return;
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim) continue;
            try
            {
                job!.RunPart(next, parts);
            }
            catch (Exception error)
            {
                Interlocked.CompareExchange(ref _failure, error, null);
            }
            finally
            {
                if (Interlocked.Decrement(ref _remaining) == 0) Done.Set();
            }
        }
    }

    private static long GenerationOf(long claim) => (claim >> 32) & GenerationMask;

    private static int StartHelpers()
    {
        int count = Size - 1;
        for (int i = 0; i < count; i++)
            new Thread(HelperLoop) { IsBackground = true, Name = $"QualityDiversity work team {i + 1}" }.Start();
        return count;
    }

    private static void HelperLoop()
    {
        long seen = GenerationOf(Volatile.Read(ref _claim));
        long spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        while (true)
        {
            long generation = WaitForJob(seen, spinTicks);
            seen = generation;
            RunClaimedParts(generation);
        }
    }

    // Polls for a new generation, then blocks; re-checks after registering as a sleeper so that
    // a job published in between is not missed (a surplus release only causes one extra poll).
    private static long WaitForJob(long seen, long spinTicks)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            for (int i = 0; i < 64; i++)
            {
                long generation = GenerationOf(Volatile.Read(ref _claim));
                if (generation != seen) return generation;
                Thread.SpinWait(8);
            }
            if (Stopwatch.GetTimestamp() - start < spinTicks) continue;
            Interlocked.Increment(ref _sleepers);
            long now = GenerationOf(Volatile.Read(ref _claim));
            if (now == seen) Wake.Wait();
            Interlocked.Decrement(ref _sleepers);
            start = Stopwatch.GetTimestamp();
        }
    }
}

using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace QualityDiversity.Schedulers;

/// <summary>
/// A second thread that shares the items of a parallel loop with the calling thread and, between
/// loops, spins for a while before it sleeps, so that the next loop starts on both cores at once.
/// </summary>
/// <remarks>
/// <para>A search step has two short parallel phases (the emitters' asks, then their tells) with
/// sequential work between them. A thread-pool worker that has gone to sleep in between takes
/// tens of microseconds to wake (on a 2-core VM, a parallel loop of four 20 µs items after a
/// 0.3 ms pause took 123 µs, against 83 µs on one thread), a large share of a CMA-MAE step.
/// The partner spins through such gaps and sleeps only after <see cref="SpinTime"/> without
/// work, so an idle search costs nothing.</para>
/// <para>Items are handed out one at a time through a shared counter, so the split adapts to
/// items of unequal cost; which thread runs which item does not affect results, as each item only
/// touches its own emitter.</para>
/// </remarks>
internal sealed class PartnerThread : IDisposable
{
    /// <summary>
    /// How long the partner waits for the next loop before it sleeps: longer than the sequential
    /// part of a step on a cheap task (evaluation and archive adds, about 0.2 ms for CMA-MAE's 540
    /// candidates at 100-D), short enough that a step with a slow evaluation wastes little.
    /// </summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(0.5);

    private readonly Thread _thread;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly long _spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    private Action<int>? _body;
    private int _count;
    private int _next;
    private int _generation;   // incremented to start a loop
    private int _joined;       // the last generation claimed, by the partner joining it or by the caller closing it
    private int _finished;     // the generation the partner last finished
    private int _busy;         // 1 while a caller runs a loop
    private int _sleeping;
    private volatile bool _disposed;
    private Exception? _partnerError;

    private static readonly Lazy<PartnerThread?> SharedInstance = new(() => Environment.ProcessorCount > 1 ? new PartnerThread() : null);

    /// <summary>The process's partner thread, or null on a single core.</summary>
    public static PartnerThread? Shared => SharedInstance.Value;

    /// <summary>
    /// <see cref="Shared"/> where it has a core of its own, for arithmetic-bound splits (sampling,
    /// evaluation); null where the logical processors are hardware threads of shared cores, which
    /// share the arithmetic units such work needs (<see cref="CpuTopology.HasSharedCores"/>).
    /// </summary>
    public static PartnerThread? ForArithmetic => CpuTopology.HasSharedCores ? null : Shared;

    public PartnerThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "QualityDiversity partner" };
        _thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="body"/>(0 … count − 1) on this thread and the partner and returns true
    /// when all have run; returns false at once, running nothing, when another caller is using the
    /// partner.
    /// </summary>
    /// <remarks>The first exception thrown by an item is rethrown here (unwrapped) once both threads have stopped taking items.</remarks>
    public bool TryFor(int count, Action<int> body)
    {
        if (_disposed || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            _body = body;
            _count = count;
            _partnerError = null;
            Volatile.Write(ref _next, 0);
            int generation = Interlocked.Increment(ref _generation);
            if (Volatile.Read(ref _sleeping) == 1) _wake.Release();
            Exception? own = null;
            try
            {
                Work();
            }
            catch (Exception e)
            {
                own = e;
                Volatile.Write(ref _next, int.MaxValue / 2); // no further items
            }
            // A partner that has not joined yet (asleep, or not scheduled by the OS) is not waited
            // for: the caller closes the loop, and the partner skips it when it gets there.
            if (Interlocked.CompareExchange(ref _joined, generation, generation - 1) != generation - 1)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _finished) != generation) spin.SpinOnce(sleep1Threshold: -1);
            }
            _body = null;
            if (own is not null) ExceptionDispatchInfo.Capture(own).Throw();
            if (_partnerError is { } error) ExceptionDispatchInfo.Capture(error).Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void Work()
    {
        int k;
        while ((k = Interlocked.Increment(ref _next) - 1) < _count) _body!(k);
    }

    private void Loop()
    {
        int seen = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_disposed)
            {
                if (Stopwatch.GetTimestamp() - start < _spinTicks)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                Volatile.Write(ref _sleeping, 1);
                if (Volatile.Read(ref _generation) == seen && !_disposed) _wake.Wait(100);
                Volatile.Write(ref _sleeping, 0);
                start = Stopwatch.GetTimestamp();
            }
            if (_disposed) return;
            seen = Volatile.Read(ref _generation);
            // Join only the loop that is still open; a caller that finished alone has closed it.
            if (Interlocked.CompareExchange(ref _joined, seen, seen - 1) != seen - 1) continue;
            try
            {
                Work();
            }
            catch (Exception e)
            {
                _partnerError = e;
                Volatile.Write(ref _next, int.MaxValue / 2);
            }
            Volatile.Write(ref _finished, seen);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Release();
    }
}

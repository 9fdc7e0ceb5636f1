using TorchSharp;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// The scope of one fit: fits run one at a time in a process, each with torch's intra-op thread
/// count set for it and restored afterwards. The count is a process-wide setting, so two fits with
/// different counts cannot overlap; searches still run in parallel around the fits. Small models
/// also train faster on one thread: splitting 32-row matrix products across threads costs more
/// than it saves.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private static readonly object Gate = new();
    private readonly int _previous;
    private readonly bool _entered;

    private TorchThreads(int previous, bool entered)
    {
        _previous = previous;
        _entered = entered;
    }

    /// <summary>
    /// Waits for any other fit to finish, then uses <paramref name="threads"/> intra-op threads
    /// (0 leaves the setting alone) until disposed. Dispose on the thread that entered.
    /// </summary>
    public static TorchThreads Use(int threads)
    {
        Monitor.Enter(Gate);
        try
        {
            int previous = 0;
            if (threads > 0)
            {
                int current = torch.get_num_threads();
                if (current != threads)
                {
                    torch.set_num_threads(threads);
                    previous = current;
                }
            }
            return new TorchThreads(previous, entered: true);
        }
        catch
        {
            Monitor.Exit(Gate);
            throw;
        }
    }

    /// <summary>Restores the previous thread count and lets the next fit in.</summary>
    public void Dispose()
    {
        if (!_entered) return;
        try
        {
            if (_previous > 0) torch.set_num_threads(_previous);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }
}

using TorchSharp;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// The scope of one fit, with torch's intra-op thread count set for it on the fitting thread and
/// restored afterwards. libtorch keeps the count per thread (OpenMP's per-thread setting; a new
/// thread starts from the last count set anywhere), so each fit sets it on its own thread, and fits
/// on different threads run at the same time without changing each other's count, hence each
/// other's arithmetic. Small models train faster on one thread: splitting 32-row matrix products
/// across threads costs more than it saves, and parallel trials use the cores instead.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int previous) => _previous = previous;

    /// <summary>
    /// Uses <paramref name="threads"/> intra-op threads on this thread (0 leaves the setting
    /// alone) until disposed. Dispose on the same thread.
    /// </summary>
    public static TorchThreads Use(int threads)
    {
        if (threads <= 0) return default;
        int current = torch.get_num_threads();
        if (current == threads) return default;
        torch.set_num_threads(threads);
        return new TorchThreads(current);
    }

    /// <summary>Restores this thread's previous count.</summary>
    public void Dispose()
    {
        if (_previous > 0) torch.set_num_threads(_previous);
    }
}

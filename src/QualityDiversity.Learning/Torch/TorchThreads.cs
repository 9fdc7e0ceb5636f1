using TorchSharp;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// Sets torch's intra-op thread count for the length of a fit and restores it afterwards. Small
/// models train faster on one thread: splitting 32-row matrix products across threads costs more
/// than it saves, and runs that train in parallel would otherwise oversubscribe the cores.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int previous) => _previous = previous;

    /// <summary>Uses <paramref name="threads"/> intra-op threads until disposed; 0 leaves the setting alone.</summary>
    public static TorchThreads Use(int threads)
    {
        if (threads <= 0) return default;
        int previous = torch.get_num_threads();
        if (previous == threads) return default;
        torch.set_num_threads(threads);
        return new TorchThreads(previous);
    }

    /// <summary>Restores the previous thread count.</summary>
    public void Dispose()
    {
        if (_previous > 0) torch.set_num_threads(_previous);
    }
}

using System.Globalization;
using TorchSharp;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// Where a learner trains its model: <c>"cpu"</c> (the default), <c>"cuda"</c> (the first GPU) or
/// <c>"cuda:N"</c>. Parsing never touches the GPU; availability is checked when training starts, with an
/// error that says what is missing.
/// </summary>
public sealed record TorchDevice
{
    private TorchDevice(TorchDeviceKind kind, int index)
    {
        Kind = kind;
        Index = index;
    }

    /// <summary>The CPU.</summary>
    public static TorchDevice Cpu { get; } = new(TorchDeviceKind.Cpu, 0);

    /// <summary>The kind of device.</summary>
    public TorchDeviceKind Kind { get; }

    /// <summary>The CUDA device index (0 for the CPU).</summary>
    public int Index { get; }

    /// <summary>The CUDA device numbered <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static TorchDevice Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new TorchDevice(TorchDeviceKind.Cuda, index);
    }

    /// <summary>Parses <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c> (case-insensitive, surrounding spaces ignored).</summary>
    /// <exception cref="ArgumentException">The text names no supported device.</exception>
    public static TorchDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var device)) return device;
        throw new ArgumentException($"Unknown torch device '{text}': use \"cpu\", \"cuda\" or \"cuda:N\" (N = 0, 1, ...).", nameof(text));
    }

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TorchDevice? device)
    {
        device = null;
        if (text is null) return false;
        string s = text.Trim();
        if (s.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            device = Cpu;
            return true;
        }
        if (s.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            device = Cuda();
            return true;
        }
        if (s.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(s.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            device = Cuda(index);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Loads TorchSharp if needed and returns the matching torch device.
    /// </summary>
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available, or the device index is out of range.</exception>
    public torch.Device Resolve()
    {
        TorchRuntime.EnsureLoaded();
        if (Kind == TorchDeviceKind.Cpu) return torch.CPU;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException(
                $"Torch device '{this}' was requested, but CUDA is not available: the application references a CPU-only LibTorch backend "
                + "(TorchSharp-cpu or libtorch-cpu-*) or no NVIDIA GPU and driver were found. Use device \"cpu\", or reference a CUDA "
                + "backend (TorchSharp-cuda-linux / TorchSharp-cuda-windows) instead and run on a machine with a CUDA-capable GPU.");
        int count = torch.cuda.device_count();
        if (Index >= count)
            throw new InvalidOperationException(
                $"Torch device '{this}' was requested, but only {count} CUDA device(s) exist (cuda:0 to cuda:{count - 1}).");
        return torch.device(DeviceType.CUDA, Index);
    }

    /// <summary>The device's text form: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => Kind == TorchDeviceKind.Cpu ? "cpu" : $"cuda:{Index.ToString(CultureInfo.InvariantCulture)}";
}

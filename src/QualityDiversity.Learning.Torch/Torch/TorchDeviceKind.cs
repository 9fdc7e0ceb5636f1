namespace QualityDiversity.Learning.Torch;

/// <summary>The kind of device a model trains on.</summary>
public enum TorchDeviceKind
{
    /// <summary>The CPU (always available).</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA (needs a CUDA build of TorchSharp and a GPU).</summary>
    Cuda,
}

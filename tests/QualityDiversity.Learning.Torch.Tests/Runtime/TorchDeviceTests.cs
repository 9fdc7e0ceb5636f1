using QualityDiversity.Learning.Torch;
using TorchSharp;

namespace QualityDiversity.Learning.Torch.Tests.Runtime;

public class TorchDeviceTests
{
    [Theory]
    [InlineData("cpu", TorchDeviceKind.Cpu, 0, "cpu")]
    [InlineData(" CPU ", TorchDeviceKind.Cpu, 0, "cpu")]
    [InlineData("cuda", TorchDeviceKind.Cuda, 0, "cuda:0")]
    [InlineData("cuda:3", TorchDeviceKind.Cuda, 3, "cuda:3")]
    public void Parses_device_names(string text, TorchDeviceKind kind, int index, string canonical)
    {
        var device = TorchDevice.Parse(text);
        Assert.Equal(kind, device.Kind);
        Assert.Equal(index, device.Index);
        Assert.Equal(canonical, device.ToString());
        Assert.Equal(device, TorchDevice.Parse(canonical));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Rejects_unknown_devices_with_the_accepted_forms(string text)
    {
        Assert.False(TorchDevice.TryParse(text, out _));
        var e = Assert.Throws<ArgumentException>(() => TorchDevice.Parse(text));
        Assert.Contains("\"cpu\", \"cuda\" or \"cuda:N\"", e.Message);
    }

    [Fact]
    public void Cpu_resolves_to_the_torch_cpu_device()
    {
        Assert.Same(TorchDevice.Cpu, TorchDevice.Parse("cpu"));
        Assert.Equal(DeviceType.CPU, TorchDevice.Cpu.Resolve().type);
    }

    [Fact]
    public void Cuda_is_checked_when_resolved_and_a_missing_gpu_is_explained()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, TorchDevice.Cuda().Resolve().type);
            int count = torch.cuda.device_count();
            var outOfRange = Assert.Throws<InvalidOperationException>(() => TorchDevice.Cuda(count).Resolve());
            Assert.Contains($"only {count} CUDA device(s)", outOfRange.Message);
            return;
        }
        var e = Assert.Throws<InvalidOperationException>(() => TorchDevice.Cuda(1).Resolve());
        Assert.Contains("cuda:1", e.Message);
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Contains("TorchSharp-cuda", e.Message);
    }
}

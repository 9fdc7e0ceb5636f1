using QualityDiversity.Learning.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Tests.Torch;

public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_trains_a_tiny_model_in_this_process()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();

        // Fit y = 3x - 1 by gradient descent.
        var x = linspace(-1, 1, 64).reshape(-1, 1);
        var y = 3 * x - 1;
        var model = nn.Linear(1, 1);
        var optimizer = optim.Adam(model.parameters(), 0.1);
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }

        Assert.True(last < 1e-3 * first, $"loss {first} -> {last}");
        Assert.Equal(3.0, model.weight!.item<float>(), 1);
        Assert.Equal(-1.0, model.bias!.item<float>(), 1);
    }

    [Fact]
    public void Explaining_a_failure_without_a_native_library_keeps_the_cause()
    {
        var failure = new DllNotFoundException("libLibTorchSharp.so: cannot open shared object file");
        var explained = TorchRuntime.Explain(failure, libraryPath: Path.Combine(Path.GetTempPath(), "missing", "libLibTorchSharp.so"));
        Assert.Same(failure, explained.InnerException);
        Assert.Empty(explained.MissingVersions);
        Assert.Contains("could not be loaded", explained.Message);
    }
}

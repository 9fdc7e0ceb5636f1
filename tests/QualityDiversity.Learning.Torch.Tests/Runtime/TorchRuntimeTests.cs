using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Learning.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Torch.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_trains_a_tiny_model_in_this_process()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();

        // Fit y = 3x - 1 by gradient descent. The data is built in C# and the optimiser is ours: both
        // avoid implicitly converted scalars, which a collection on another thread could free mid-call.
        var xs = Enumerable.Range(0, 64).Select(i => -1 + 2 * i / 63f).ToArray();
        var x = tensor(xs, [64, 1]);
        var y = tensor(xs.Select(v => 3 * v - 1).ToArray(), [64, 1]);
        var model = new FlatParameters([[0.5f], [0f]], [[1, 1], [1]], CPU);
        var (weight, bias) = (model.Parameters[0], model.Parameters[1]);
        using var optimizer = new AdamOptimizer([model], 0.1);
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            var loss = nn.functional.mse_loss(nn.functional.linear(x, weight, bias), y);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }

        Assert.True(last < 1e-3 * first, $"loss {first} -> {last}");
        Assert.Equal(3.0, weight.item<float>(), 1);
        Assert.Equal(-1.0, bias.item<float>(), 1);
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

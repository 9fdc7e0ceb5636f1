using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Learning.Torch;
using QualityDiversity.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

public class AdamOptimizerTests
{
    private static float[] Uniform(int count, RandomSource random)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)random.NextDouble(-1, 1);
        return values;
    }

    private static Parameter[] NewParameters(float[] weights, float[] bias) =>
        [new(tensor(weights, [3, 5]).clone(), requires_grad: true), new(tensor(bias, [3]).clone(), requires_grad: true)];

    // One 18-value block against two separate tensors of 15 and 3: the elements that fall in the
    // vector kernels' scalar tails of the separate tensors sit mid-block in the flat one.
    private static FlatParameters NewBlock(float[] weights, float[] bias) =>
        new([weights, bias], [[3, 5], [3]], CPU);

    private static float[] Values(Tensor t) => t.detach().data<float>().ToArray();

    [Theory]
    [InlineData(1e-3)]
    [InlineData(0.05)]
    public void Every_step_matches_torchsharps_Adam_bit_for_bit(double learningRate)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var random = new RandomSource(17);
        var x = tensor(Uniform(64 * 5, random), [64, 5]);
        var y = tensor(Uniform(64 * 3, random), [64, 3]);
        float[] weights = Uniform(15, random), bias = Uniform(3, random);
        var block = NewBlock(weights, bias);
        var ours = block.Parameters;
        var theirs = NewParameters(weights, bias);
        using var adam = new AdamOptimizer([block], learningRate);
        using var reference = optim.Adam(theirs, learningRate);

        for (int step = 0; step < 40; step++)
        {
            using var stepScope = NewDisposeScope();
            adam.ZeroGrad();
            nn.functional.mse_loss(nn.functional.linear(x, ours[0], ours[1]), y).backward();
            adam.Step();
            reference.zero_grad();
            nn.functional.mse_loss(nn.functional.linear(x, theirs[0], theirs[1]), y).backward();
            reference.step();

            for (int p = 0; p < ours.Length; p++)
            {
                Assert.Equal(Values(theirs[p]), Values(ours[p]));
                Assert.Equal(Values(theirs[p].grad!), Values(ours[p].grad!));
            }
        }
        Assert.Equal([.. Values(ours[0]), .. Values(ours[1])], Values(block.Values));
        Assert.NotEqual(weights, Values(ours[0]));
    }
}

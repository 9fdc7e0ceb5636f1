using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Learning.Torch;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

public class FlatParametersTests
{
    private static float[] Values(Tensor t) => t.detach().data<float>().ToArray();

    [Fact]
    public void Parameters_are_views_of_the_block_in_order_with_their_shapes()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var block = new FlatParameters([[1f, 2, 3, 4, 5, 6], [7f, 8]], [[2, 3], [2]], CPU);

        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], Values(block.Values));
        Assert.Equal([2L, 3], block.Parameters[0].shape);
        Assert.Equal([2L], block.Parameters[1].shape);
        Assert.True(block.Parameters[0].requires_grad);

        using (no_grad()) block.Values.mul_(2);
        Assert.Equal([2f, 4, 6, 8, 10, 12], Values(block.Parameters[0]));
        Assert.Equal([14f, 16], Values(block.Parameters[1]));
    }

    [Fact]
    public void Backward_adds_into_the_block_gradient()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var block = new FlatParameters([[1f, 2, 3, 4, 5, 6], [7f, 8]], [[2, 3], [2]], CPU);
        var x = tensor(new float[] { 1, 10, 100 }, [1, 3]);

        // d/dW sum(W x + b) = x for each row, d/db = 1.
        nn.functional.linear(x, block.Parameters[0], block.Parameters[1]).sum().backward();
        Assert.Equal([1f, 10, 100, 1, 10, 100, 1, 1], Values(block.Gradient));

        // A second backward accumulates, as into any gradient; zeroing the block clears every parameter's.
        nn.functional.linear(x, block.Parameters[0], block.Parameters[1]).sum().backward();
        Assert.Equal([2f, 20, 200, 2, 20, 200, 2, 2], Values(block.Gradient));
        block.Gradient.zero_();
        Assert.Equal([0f, 0, 0, 0, 0, 0], Values(block.Parameters[0].grad!));
    }

    [Fact]
    public void Values_that_do_not_fill_their_shape_are_refused_naming_the_parameter()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new FlatParameters([[1f, 2, 3], [4f, 5, 6]], [[3], [2]], CPU));
        Assert.Contains("Parameter 1 has 3 values, not the 2 of its shape", error.Message);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8, bias-corrected, no weight decay) with the same per-parameter
/// update, operation for operation, as TorchSharp's <c>optim.Adam</c>:
/// <c>m = β1 m + (1 - β1) g</c>, <c>v = β2 v + (1 - β2) g²</c>,
/// <c>p -= lr / (1 - β1^t) · m / (sqrt(v) / sqrt(1 - β2^t) + ε)</c>, applied to whole
/// <see cref="FlatParameters"/> blocks at once (element by element the same arithmetic).
/// </summary>
/// <remarks>
/// TorchSharp's optimiser converts its constants to <see cref="Scalar"/>s implicitly, and nothing
/// keeps such a temporary reachable once its handle has been read: a collection started by another
/// thread during the native call can finalize it, freeing the native scalar while torch still reads
/// it. Here every scalar is created explicitly, kept reachable until the calls that read it have
/// returned and then disposed. The moments are held in fields, the blocks (values and gradients)
/// by the blocks' owners and intermediates in a dispose scope, so no tensor handed to torch is
/// unreachable either. Create, step and dispose on one thread.
/// </remarks>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly FlatParameters[] _blocks;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _learningRate;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly Scalar _one = 1.ToScalar();
    private long _steps;

    /// <param name="blocks">The parameters to train, each block end to end; their gradients drive the steps.</param>
    /// <param name="learningRate">Step size lr.</param>
    public AdamOptimizer(IEnumerable<FlatParameters> blocks, double learningRate)
    {
        _blocks = [.. blocks];
        _learningRate = learningRate;
        // The moments belong to this optimiser (its fields keep them reachable), not to the caller's scope.
        _firstMoments = [.. _blocks.Select(b => zeros_like(b.Values).DetachFromDisposeScope())];
        _secondMoments = [.. _blocks.Select(b => zeros_like(b.Values).DetachFromDisposeScope())];
    }

    /// <summary>Zeroes every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var block in _blocks) block.Gradient.zero_();
    }

    /// <summary>Applies one Adam update from the current gradients.</summary>
    public void Step()
    {
        _steps++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, _steps);
        double biasCorrection2 = 1 - Math.Pow(Beta2, _steps);
        // `using` keeps these two reachable until they are disposed, after the loop.
        using var rootBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var negativeStepSize = (-(_learningRate / biasCorrection1)).ToScalar();
        using (no_grad())
        using (NewDisposeScope())
        {
            for (int i = 0; i < _blocks.Length; i++)
            {
                var grad = _blocks[i].Gradient;
                var m = _firstMoments[i];
                var v = _secondMoments[i];
                m.mul_(_beta1).add_(grad, _oneMinusBeta1);
                v.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
                var denominator = v.sqrt().div_(rootBiasCorrection2).add_(_epsilon, _one);
                _blocks[i].Values.addcdiv_(m, denominator, negativeStepSize);
            }
        }
        // The scalar fields are read by the native calls above; this object must outlive them.
        GC.KeepAlive(this);
    }

    /// <summary>Frees the moments and the scalars.</summary>
    public void Dispose()
    {
        foreach (var tensor in _firstMoments.Concat(_secondMoments)) tensor.Dispose();
        foreach (var scalar in (Scalar[])[_beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _one]) scalar.Dispose();
    }
}

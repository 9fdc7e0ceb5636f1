using QualityDiversity.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// A stack of fully connected layers as bare torch parameters (ReLU between layers, none after the
/// last), initialised from a <see cref="RandomSource"/> rather than torch's global generator so that a
/// fit is reproducible from its seed and independent of other fits running at the same time.
/// </summary>
/// <remarks>Its tensors belong to the caller's dispose scope.</remarks>
internal sealed class TorchMlp
{
    private readonly Parameter[] _weights;
    private readonly Parameter[] _biases;

    /// <param name="sizes">Input length, hidden widths, output length.</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <param name="device">Where the parameters live.</param>
    public TorchMlp(IReadOnlyList<int> sizes, RandomSource random, Device device)
    {
        int layers = sizes.Count - 1;
        var values = new List<float[]>(2 * layers);
        var shapes = new List<long[]>(2 * layers);
        for (int l = 0; l < layers; l++)
        {
            int fanIn = sizes[l], fanOut = sizes[l + 1];
            // torch.nn.Linear's default: weights and biases uniform in +-1/sqrt(fan_in).
            double bound = 1.0 / Math.Sqrt(fanIn);
            values.Add(Uniform(fanOut * fanIn, bound, random));
            shapes.Add([fanOut, fanIn]);
            values.Add(Uniform(fanOut, bound, random));
            shapes.Add([fanOut]);
        }
        Flat = new FlatParameters(values, shapes, device);
        _weights = new Parameter[layers];
        _biases = new Parameter[layers];
        for (int l = 0; l < layers; l++)
        {
            _weights[l] = Flat.Parameters[2 * l];
            _biases[l] = Flat.Parameters[2 * l + 1];
        }
    }

    /// <summary>All weights and biases, end to end, for the optimiser.</summary>
    public FlatParameters Flat { get; }

    /// <summary>Number of layers.</summary>
    public int LayerCount => _weights.Length;

    /// <summary>The first layer without its bias (for differences of inputs, where the bias cancels).</summary>
    public Tensor ForwardLinearWithoutBias(Tensor input) => nn.functional.linear(input, _weights[0]);

    /// <summary>Applies the layers to a batch of rows.</summary>
    public Tensor Forward(Tensor input)
    {
        var x = input;
        for (int l = 0; l < _weights.Length; l++)
        {
            x = nn.functional.linear(x, _weights[l], _biases[l]);
            if (l < _weights.Length - 1) x = nn.functional.relu(x);
        }
        return x;
    }

    /// <summary>Copies the current weights into plain arrays.</summary>
    public DenseLayer[] Export()
    {
        var layers = new DenseLayer[_weights.Length];
        using var scope = NewDisposeScope();
        for (int l = 0; l < layers.Length; l++)
        {
            var w = _weights[l].detach().cpu().to_type(ScalarType.Float64);
            var b = _biases[l].detach().cpu().to_type(ScalarType.Float64);
            layers[l] = new DenseLayer((int)w.shape[1], (int)w.shape[0], w.data<double>().ToArray(), b.data<double>().ToArray());
        }
        return layers;
    }

    private static float[] Uniform(int count, double bound, RandomSource random)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)random.NextDouble(-bound, bound);
        return values;
    }
}

namespace QualityDiversity.Learning.Measures;

/// <summary>
/// One fully connected layer, <c>y = W x + b</c>, held in plain arrays so that a trained network
/// can be evaluated without torch.
/// </summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    /// <summary>Creates a layer from copies of <paramref name="weights"/> and <paramref name="bias"/>.</summary>
    /// <param name="inputs">Length of an input vector.</param>
    /// <param name="outputs">Length of an output vector.</param>
    /// <param name="weights">Row-major weights, <paramref name="outputs"/> rows of <paramref name="inputs"/> values.</param>
    /// <param name="bias">One bias per output.</param>
    /// <exception cref="ArgumentException">A size is not positive, an array has the wrong length, or a value is not finite.</exception>
    public DenseLayer(int inputs, int outputs, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias)
    {
        if (inputs <= 0) throw new ArgumentException($"inputs must be positive (was {inputs}).", nameof(inputs));
        if (outputs <= 0) throw new ArgumentException($"outputs must be positive (was {outputs}).", nameof(outputs));
        if (weights.Length != inputs * outputs)
            throw new ArgumentException($"weights must hold {outputs} x {inputs} = {inputs * outputs} values (has {weights.Length}).", nameof(weights));
        if (bias.Length != outputs)
            throw new ArgumentException($"bias must hold {outputs} values (has {bias.Length}).", nameof(bias));
        for (int i = 0; i < weights.Length; i++)
            if (!double.IsFinite(weights[i])) throw new ArgumentException($"weights[{i}] is not finite ({weights[i]}).", nameof(weights));
        for (int i = 0; i < bias.Length; i++)
            if (!double.IsFinite(bias[i])) throw new ArgumentException($"bias[{i}] is not finite ({bias[i]}).", nameof(bias));
        Inputs = inputs;
        Outputs = outputs;
        _weights = weights.ToArray();
        _bias = bias.ToArray();
    }

    /// <summary>Length of an input vector.</summary>
    public int Inputs { get; }

    /// <summary>Length of an output vector.</summary>
    public int Outputs { get; }

    /// <summary>Row-major weights: row <c>o</c> holds the weights of output <c>o</c>.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>One bias per output.</summary>
    public ReadOnlySpan<double> Bias => _bias;

    /// <summary>Computes <c>W x + b</c>, then ReLU when <paramref name="relu"/> is set.</summary>
    internal void Apply(ReadOnlySpan<double> input, Span<double> output, bool relu)
    {
        var weights = new ReadOnlySpan<double>(_weights);
        for (int o = 0; o < Outputs; o++)
        {
            double value = _bias[o] + Dot(weights.Slice(o * Inputs, Inputs), input);
            output[o] = relu && value < 0 ? 0 : value;
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // Feature rows reach several hundred values, so the SIMD path carries most of the work.
        var sum = System.Numerics.Vector<double>.Zero;
        int width = System.Numerics.Vector<double>.Count;
        int i = 0;
        for (; i <= a.Length - width; i += width)
            sum += new System.Numerics.Vector<double>(a.Slice(i, width)) * new System.Numerics.Vector<double>(b.Slice(i, width));
        double total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}

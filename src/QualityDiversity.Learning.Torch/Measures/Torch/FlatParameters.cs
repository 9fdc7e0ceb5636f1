using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// A model's parameters laid end to end in one tensor, each <see cref="Parameter"/> a view of its
/// stretch, with their gradients likewise views of one gradient tensor (backward adds into them in
/// place). An optimiser then updates every parameter with a handful of operations on the two flat
/// tensors instead of the same operations once per parameter: on small networks each torch call
/// costs far more than its arithmetic. Element by element the results are the same.
/// </summary>
/// <remarks>Its tensors belong to the caller's dispose scope.</remarks>
internal sealed class FlatParameters
{
    /// <param name="values">Each parameter's initial values, in order.</param>
    /// <param name="shapes">Each parameter's shape.</param>
    /// <param name="device">Where the parameters live.</param>
    public FlatParameters(IReadOnlyList<float[]> values, IReadOnlyList<long[]> shapes, Device device)
    {
        if (values.Count != shapes.Count) throw new ArgumentException($"{values.Count} value arrays for {shapes.Count} shapes.", nameof(shapes));
        for (int i = 0; i < values.Count; i++)
            if (values[i].Length != shapes[i].Aggregate(1L, (a, b) => a * b))
                throw new ArgumentException($"Parameter {i} has {values[i].Length} values, not the {string.Join('x', shapes[i])} of its shape.", nameof(values));
        int total = values.Sum(v => v.Length);
        var all = new float[total];
        int offset = 0;
        foreach (var v in values)
        {
            v.CopyTo(all, offset);
            offset += v.Length;
        }
        Values = TorchArrays.Copy(all, [total], device);
        Gradient = zeros_like(Values);
        Parameters = new Parameter[values.Count];
        offset = 0;
        for (int i = 0; i < values.Count; i++)
        {
            int length = values[i].Length;
            // A parameter made from a view shares the view's storage: updating Values updates it.
            Parameters[i] = new Parameter(Values.narrow(0, offset, length).view(shapes[i]), requires_grad: true)
            {
                grad = Gradient.narrow(0, offset, length).view(shapes[i]),
            };
            offset += length;
        }
    }

    /// <summary>Every parameter's values, end to end.</summary>
    public Tensor Values { get; }

    /// <summary>Every parameter's gradient, end to end; backward accumulates into it.</summary>
    public Tensor Gradient { get; }

    /// <summary>The parameters, views of <see cref="Values"/>, in order.</summary>
    public Parameter[] Parameters { get; }
}

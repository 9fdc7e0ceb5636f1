namespace QualityDiversity.Learning.Measures;

/// <summary>
/// A trained network evaluated in plain C#: optional input standardisation, then fully connected
/// layers with ReLU between them and none after the last. Learners copy their torch weights into
/// one of these, so projecting needs no torch call, allocates nothing for typical sizes and is safe
/// from several threads at once.
/// </summary>
public sealed class DenseMeasureModel : IMeasureModel
{
    private const int StackLimit = 1024;
    private readonly DenseLayer[] _layers;
    private readonly double[]? _shift;
    private readonly double[]? _inverseScale;
    private readonly int _widest;

    /// <summary>Creates a model from its layers.</summary>
    /// <param name="layers">The layers in order; each one's input length must equal the previous one's output length.</param>
    /// <param name="inputMean">When given, subtracted from each input feature before the first layer.</param>
    /// <param name="inputScale">When given, each (centred) input feature is divided by it; values must be positive.</param>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, or the standardisation arrays are malformed.</exception>
    public DenseMeasureModel(IReadOnlyList<DenseLayer> layers, double[]? inputMean = null, double[]? inputScale = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("A model needs at least one layer.", nameof(layers));
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is null) throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            if (i > 0 && layers[i].Inputs != layers[i - 1].Outputs)
                throw new ArgumentException($"Layer {i} takes {layers[i].Inputs} inputs but layer {i - 1} gives {layers[i - 1].Outputs}.", nameof(layers));
        }
        _layers = [.. layers];
        FeatureDim = _layers[0].Inputs;
        MeasureDim = _layers[^1].Outputs;
        _widest = _layers.Max(l => l.Outputs);

        if (inputMean is not null)
        {
            if (inputMean.Length != FeatureDim)
                throw new ArgumentException($"inputMean must hold {FeatureDim} values (has {inputMean.Length}).", nameof(inputMean));
            if (inputMean.Any(v => !double.IsFinite(v))) throw new ArgumentException("inputMean holds a value that is not finite.", nameof(inputMean));
            _shift = [.. inputMean];
        }
        if (inputScale is not null)
        {
            if (inputScale.Length != FeatureDim)
                throw new ArgumentException($"inputScale must hold {FeatureDim} values (has {inputScale.Length}).", nameof(inputScale));
            if (inputScale.Any(v => !(v > 0) || !double.IsFinite(v)))
                throw new ArgumentException("inputScale values must be positive and finite.", nameof(inputScale));
            _inverseScale = [.. inputScale.Select(v => 1.0 / v)];
        }
    }

    /// <inheritdoc />
    public int FeatureDim { get; }

    /// <inheritdoc />
    public int MeasureDim { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>The per-feature mean subtracted before the first layer, when the model standardises its input.</summary>
    public IReadOnlyList<double>? InputMean => _shift;

    /// <summary>The per-feature scale the centred input is divided by, when the model standardises its input.</summary>
    public IReadOnlyList<double>? InputScale => _inverseScale?.Select(v => 1.0 / v).ToArray();

    /// <inheritdoc />
    public void Project(ReadOnlySpan<double> features, Span<double> measures)
    {
        if (features.Length % FeatureDim != 0)
            throw new ArgumentException($"features holds {features.Length} values, not a whole number of rows of {FeatureDim}.", nameof(features));
        int rows = features.Length / FeatureDim;
        if (measures.Length != rows * MeasureDim)
            throw new ArgumentException($"measures must hold {rows} rows of {MeasureDim} = {rows * MeasureDim} values (has {measures.Length}).", nameof(measures));

        bool standardise = _shift is not null || _inverseScale is not null;
        int scratchLength = 2 * _widest + (standardise ? FeatureDim : 0);
        double[]? rented = null;
        Span<double> scratch = scratchLength <= StackLimit
            ? stackalloc double[scratchLength]
            : (rented = System.Buffers.ArrayPool<double>.Shared.Rent(scratchLength)).AsSpan(0, scratchLength);
        try
        {
            Span<double> ping = scratch[.._widest];
            Span<double> pong = scratch.Slice(_widest, _widest);
            Span<double> centred = standardise ? scratch.Slice(2 * _widest, FeatureDim) : default;
            for (int r = 0; r < rows; r++)
            {
                scoped ReadOnlySpan<double> input = features.Slice(r * FeatureDim, FeatureDim);
                if (standardise)
                {
                    for (int j = 0; j < FeatureDim; j++)
                    {
                        double v = input[j] - (_shift is null ? 0 : _shift[j]);
                        centred[j] = _inverseScale is null ? v : v * _inverseScale[j];
                    }
                    input = centred;
                }
                Span<double> output = measures.Slice(r * MeasureDim, MeasureDim);
                for (int l = 0; l < _layers.Length; l++)
                {
                    var layer = _layers[l];
                    bool last = l == _layers.Length - 1;
                    Span<double> target = last ? output : (l % 2 == 0 ? ping : pong)[..layer.Outputs];
                    layer.Apply(input, target, relu: !last);
                    input = target;
                }
            }
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }
}


namespace QualityDiversity.Learning.Measures;

/// <summary>
/// Writes and reads the built-in measure models (<see cref="DenseMeasureModel"/> — linear and MLP
/// projections, autoencoder encoders — and <see cref="PcaModel"/>) exactly, so a checkpointed
/// run resumes with the very model it stopped with rather than a retrained one.
/// </summary>
public static class MeasureModelSerializer
{
    private const string Dense = "dense";
    private const string Pca = "pca";

    /// <summary>Whether <paramref name="model"/> is of a kind this serializer writes.</summary>
    public static bool CanWrite(IMeasureModel model) => model is DenseMeasureModel or PcaModel;

    /// <summary>Writes <paramref name="model"/> with a kind tag.</summary>
    /// <exception cref="NotSupportedException">The model is not one of the built-in kinds.</exception>
    public static void Write(BinaryWriter writer, IMeasureModel model)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        switch (model)
        {
            case DenseMeasureModel dense:
                writer.Write(Dense);
                writer.Write(dense.Layers.Count);
                foreach (var layer in dense.Layers)
                {
                    writer.Write(layer.Inputs);
                    writer.Write(layer.Outputs);
                    WriteArray(writer, layer.Weights);
                    WriteArray(writer, layer.Bias);
                }
                WriteOptional(writer, dense.InputMean);
                WriteOptional(writer, dense.InputScale);
                break;
            case PcaModel pca:
                writer.Write(Pca);
                WriteArray(writer, pca.Mean);
                WriteArray(writer, pca.Components);
                WriteArray(writer, pca.ExplainedVariance);
                writer.Write(pca.TotalVariance);
                break;
            default:
                throw new NotSupportedException($"Measure models of type {model.GetType().Name} cannot be saved; the built-in dense and PCA models can.");
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The data is not a saved model.</exception>
    public static IMeasureModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string kind = reader.ReadString();
        try
        {
            switch (kind)
            {
                case Dense:
                {
                    int count = reader.ReadInt32();
                    if (count is < 1 or > 1024) throw new InvalidDataException($"A saved dense model cannot have {count} layers.");
                    var layers = new DenseLayer[count];
                    for (int i = 0; i < count; i++)
                    {
                        int inputs = reader.ReadInt32(), outputs = reader.ReadInt32();
                        layers[i] = new DenseLayer(inputs, outputs, ReadArray(reader), ReadArray(reader));
                    }
                    return new DenseMeasureModel(layers, ReadOptional(reader), ReadOptional(reader));
                }
                case Pca:
                {
                    var mean = ReadArray(reader);
                    var components = ReadArray(reader);
                    var variance = ReadArray(reader);
                    double total = reader.ReadDouble();
                    if (mean.Length == 0 || components.Length != mean.Length * variance.Length)
                        throw new InvalidDataException($"A saved PCA model has {components.Length} loadings for {variance.Length} components of {mean.Length} features.");
                    return new PcaModel(mean, components, variance, total);
                }
                default:
                    throw new InvalidDataException($"Unknown saved measure model kind \"{kind}\".");
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {kind} model is inconsistent: {e.Message}", e);
        }
    }

    private static void WriteArray(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (double v in values) writer.Write(v);
    }

    private static double[] ReadArray(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > 1 << 28) throw new InvalidDataException($"A saved array cannot have {length} values.");
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = reader.ReadDouble();
        return values;
    }

    private static void WriteOptional(BinaryWriter writer, IReadOnlyList<double>? values)
    {
        writer.Write(values is not null);
        if (values is not null) WriteArray(writer, values.ToArray());
    }

    private static double[]? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? ReadArray(reader) : null;
}

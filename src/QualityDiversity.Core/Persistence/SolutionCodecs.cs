namespace QualityDiversity.Persistence;

/// <summary>Built-in codecs for common solution element types.</summary>
public static class SolutionCodecs
{
    /// <summary>Codec for vector elements.</summary>
    public static ISolutionCodec<double> Double { get; } = new DoubleCodec();

    /// <summary>Codec for text solutions (null is preserved).</summary>
    public static ISolutionCodec<string?> String { get; } = new StringCodec();

    /// <summary>
    /// The built-in codec for <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">No built-in codec exists; pass one explicitly.</exception>
    public static ISolutionCodec<T> For<T>()
    {
        if (typeof(T) == typeof(double)) return (ISolutionCodec<T>)Double;
        if (typeof(T) == typeof(string)) return (ISolutionCodec<T>)(object)String;
        throw new NotSupportedException(
            $"There is no built-in checkpoint codec for solutions of type {typeof(T).Name}; supply an ISolutionCodec<{typeof(T).Name}>.");
    }

    private sealed class DoubleCodec : ISolutionCodec<double>
    {
        public void Write(BinaryWriter writer, double value) => writer.Write(value);
        public double Read(BinaryReader reader) => reader.ReadDouble();
    }

    private sealed class StringCodec : ISolutionCodec<string?>
    {
        public void Write(BinaryWriter writer, string? value)
        {
            writer.Write(value is not null);
            if (value is not null) writer.Write(value);
        }

        public string? Read(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
    }
}

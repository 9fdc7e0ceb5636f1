using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace QualityDiversity.Persistence;

/// <summary>
/// Codecs for solution elements in checkpoints: built-in ones for <c>double</c> and
/// <c>string</c>, and ways to make one for any other genome type (pass it as
/// <see cref="Archives.ArchiveOptions{T}.Codec"/>).
/// </summary>
public static class SolutionCodecs
{
    /// <summary>Codec for vector elements.</summary>
    public static ISolutionCodec<double> Double { get; } = new DoubleCodec();

    /// <summary>Codec for text solutions (null is preserved).</summary>
    public static ISolutionCodec<string?> String { get; } = new StringCodec();

    /// <summary>
    /// The built-in codec for <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">No built-in codec exists; the message says how to supply one.</exception>
    public static ISolutionCodec<T> For<T>()
    {
        if (typeof(T) == typeof(double)) return (ISolutionCodec<T>)Double;
        if (typeof(T) == typeof(string)) return (ISolutionCodec<T>)(object)String;
        string name = typeof(T).Name;
        throw new NotSupportedException(
            $"There is no built-in checkpoint codec for solutions of type {name}. Give the archive one in ArchiveOptions<{name}>.Codec, " +
            $"e.g. SolutionCodecs.Json<{name}>() for a record or SolutionCodecs.Create<{name}>(write, read).");
    }

    /// <summary>A codec from a pair of functions that write and read one element.</summary>
    public static ISolutionCodec<T> Create<T>(Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        return new DelegateCodec<T>(write, read);
    }

    /// <summary>
    /// A codec that stores each element as System.Text.Json text: enough for records and classes
    /// of public properties (doubles round-trip exactly).
    /// </summary>
    /// <param name="options">Serializer options; null for the defaults.</param>
    [RequiresUnreferencedCode("JSON serialization of an arbitrary type may need members that trimming removes.")]
    [RequiresDynamicCode("JSON serialization of an arbitrary type may need code generated at run time.")]
    public static ISolutionCodec<T> Json<T>(JsonSerializerOptions? options = null) =>
        new DelegateCodec<T>(
            (writer, value) => writer.Write(JsonSerializer.Serialize(value, options)),
            reader => JsonSerializer.Deserialize<T>(reader.ReadString(), options)!);

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

    private sealed class DelegateCodec<T>(Action<BinaryWriter, T> write, Func<BinaryReader, T> read) : ISolutionCodec<T>
    {
        public void Write(BinaryWriter writer, T value) => write(writer, value);
        public T Read(BinaryReader reader) => read(reader);
    }
}

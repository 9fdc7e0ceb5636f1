using QualityDiversity.Randomness;

namespace QualityDiversity.Optimizers;

/// <summary>
/// Checkpoint framing shared by the evolution strategies: a header naming the strategy and its
/// configuration, checked on reading so that a state is never restored into a strategy of a
/// different kind or size, and length-checked arrays.
/// </summary>
internal static class StrategyCheckpoint
{
    private const int FormatVersion = 1;

    /// <summary>Writes the header: strategy kind, format version, n, λ and σ₀.</summary>
    public static void WriteHeader(BinaryWriter writer, string kind, int dimension, int populationSize, double sigma0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(kind);
        writer.Write(FormatVersion);
        writer.Write(dimension);
        writer.Write(populationSize);
        writer.Write(sigma0);
    }

    /// <summary>Reads and checks a header written by <see cref="WriteHeader"/>.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another configuration.</exception>
    public static void ReadHeader(BinaryReader reader, string kind, int dimension, int populationSize, double sigma0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string storedKind = reader.ReadString();
        if (storedKind != kind)
            throw new InvalidDataException($"Checkpoint holds a {storedKind}, but this strategy is a {kind}.");
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"Checkpoint format version {version} is not supported (expected {FormatVersion}).");
        int n = reader.ReadInt32(), lambda = reader.ReadInt32();
        double s0 = reader.ReadDouble();
        if (n != dimension || lambda != populationSize || BitConverter.DoubleToInt64Bits(s0) != BitConverter.DoubleToInt64Bits(sigma0))
            throw new InvalidDataException(
                $"Checkpoint was written by a {kind} with n = {n}, λ = {lambda}, σ₀ = {s0}; this one has n = {dimension}, λ = {populationSize}, σ₀ = {sigma0}.");
    }

    /// <summary>Writes an array with its length.</summary>
    public static void WriteArray(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (double v in values) writer.Write(v);
    }

    /// <summary>
    /// Reads an array written by <see cref="WriteArray"/> that must hold <paramref name="length"/>
    /// values. It returns a fresh array so that callers can read everything before changing any
    /// state: a corrupt checkpoint then leaves the strategy as it was.
    /// </summary>
    public static double[] ReadArray(BinaryReader reader, int length, string name)
    {
        int stored = reader.ReadInt32();
        if (stored != length)
            throw new InvalidDataException($"Checkpoint {name} has {stored} values; expected {length}.");
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = reader.ReadDouble();
        return values;
    }

    /// <summary>
    /// Reads a generator state into a scratch generator, so that a truncated checkpoint fails
    /// before the strategy's own generator has changed; commit it with <see cref="CopyRandomState"/>.
    /// </summary>
    public static RandomSource ReadRandomState(BinaryReader reader)
    {
        var random = new RandomSource(0UL);
        random.ReadState(reader);
        return random;
    }

    /// <summary>Gives <paramref name="destination"/> the state of <paramref name="source"/>.</summary>
    public static void CopyRandomState(RandomSource source, RandomSource destination)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) source.WriteState(writer);
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        destination.ReadState(reader);
    }
}

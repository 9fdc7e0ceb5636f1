namespace QualityDiversity.Persistence;

/// <summary>Reads and writes solution elements of type <typeparamref name="T"/> in checkpoints.</summary>
public interface ISolutionCodec<T>
{
    /// <summary>Writes one element.</summary>
    void Write(BinaryWriter writer, T value);

    /// <summary>Reads one element.</summary>
    T Read(BinaryReader reader);
}

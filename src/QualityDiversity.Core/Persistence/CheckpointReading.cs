namespace QualityDiversity.Persistence;

/// <summary>Checks for counts read from a checkpoint, so a bad count fails clearly instead of allocating without bound.</summary>
public static class CheckpointReading
{
    /// <summary>
    /// Reads a count of elements of at least <paramref name="bytesPerElement"/> bytes each and
    /// checks that it is not negative, at most <paramref name="max"/> and, when the reader's
    /// stream knows its length, no more than the bytes left could hold.
    /// </summary>
    /// <exception cref="InvalidDataException">The count is impossible; the message names <paramref name="what"/>.</exception>
    public static int ReadCount(this BinaryReader reader, string what, int bytesPerElement = 1, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count < 0 || count > max)
            throw new InvalidDataException($"The checkpoint gives {count} {what}; expected 0 to {max}.");
        var stream = reader.BaseStream;
        if (bytesPerElement > 0 && stream.CanSeek && (long)count * bytesPerElement > stream.Length - stream.Position)
            throw new InvalidDataException($"The checkpoint gives {count} {what}, more than its remaining {stream.Length - stream.Position} bytes can hold.");
        return count;
    }
}

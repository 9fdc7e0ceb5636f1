namespace QualityDiversity.Learning.Search;

/// <summary>Checkpoint form of archive bounds: a count, then (lower, upper) pairs.</summary>
internal static class BoundsState
{
    /// <summary>Writes <paramref name="bounds"/>.</summary>
    public static void Write(BinaryWriter writer, IReadOnlyList<(double Lower, double Upper)> bounds)
    {
        writer.Write(bounds.Count);
        foreach (var (lower, upper) in bounds)
        {
            writer.Write(lower);
            writer.Write(upper);
        }
    }

    /// <summary>Reads bounds written by <see cref="Write"/>; <paramref name="check"/> vets the count before anything is allocated.</summary>
    public static (double Lower, double Upper)[] Read(BinaryReader reader, Action<int> check)
    {
        int dims = reader.ReadInt32();
        check(dims);
        var bounds = new (double Lower, double Upper)[dims];
        for (int d = 0; d < dims; d++) bounds[d] = (reader.ReadDouble(), reader.ReadDouble());
        return bounds;
    }
}

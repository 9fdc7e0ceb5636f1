namespace QualityDiversity.Archives;

/// <summary>Columnar export of archives.</summary>
public static class ArchiveDataExtensions
{
    /// <summary>Every elite of <paramref name="archive"/> as columns, in ascending slot order.</summary>
    public static ArchiveData<T> ToData<T>(this IArchive<T> archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var slots = archive.Store.OccupiedSlots.ToArray();
        Array.Sort(slots);
        return ArchiveData<T>.Copy(archive.Store, slots);
    }
}

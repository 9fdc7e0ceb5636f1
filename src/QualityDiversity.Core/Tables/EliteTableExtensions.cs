using QualityDiversity.Archives;

namespace QualityDiversity.Tables;

/// <summary>Elite tables of archives.</summary>
public static class EliteTableExtensions
{
    /// <summary>Every elite of <paramref name="archive"/> as a table, in ascending cell order.</summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="measureNames">One name per measure (with units); null for <c>measures_0</c>, ….</param>
    public static EliteTable<T> ToTable<T>(this IArchive<T> archive, IReadOnlyList<string>? measureNames = null) =>
        new(archive.ToData(), measureNames);

    /// <summary>The elites of <paramref name="data"/> as a table.</summary>
    public static EliteTable<T> ToTable<T>(this ArchiveData<T> data, IReadOnlyList<string>? measureNames = null) =>
        new(data, measureNames);
}

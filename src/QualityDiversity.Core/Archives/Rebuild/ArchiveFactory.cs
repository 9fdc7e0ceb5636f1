namespace QualityDiversity.Archives.Rebuild;

/// <summary>Creates an empty archive over the given measure bounds (one pair per measure dimension).</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public delegate IArchive<T> ArchiveFactory<T>(IReadOnlyList<(double Lower, double Upper)> bounds);

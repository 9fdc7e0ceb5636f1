namespace QualityDiversity.Export;

/// <summary>The contents of an archive CSV file: its shape and its rows, in file order.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="MeasureDim">Number of <c>measure_*</c> columns.</param>
/// <param name="SolutionWidth">Number of <c>solution_*</c> columns.</param>
/// <param name="HasThreshold">Whether the file has a <c>threshold</c> column.</param>
/// <param name="Rows">The elites.</param>
public sealed record ArchiveCsvTable<T>(int MeasureDim, int SolutionWidth, bool HasThreshold, IReadOnlyList<ArchiveCsvRow<T>> Rows);

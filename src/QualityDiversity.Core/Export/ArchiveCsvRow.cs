namespace QualityDiversity.Export;

/// <summary>One elite read from an archive CSV file.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="Index">The elite's slot: its cell index for cell-based archives.</param>
/// <param name="Objective">Its objective.</param>
/// <param name="Measures">Its measures.</param>
/// <param name="Threshold">Its cell's acceptance threshold, or NaN when the file has no threshold column.</param>
/// <param name="Solution">Its solution's elements.</param>
public sealed record ArchiveCsvRow<T>(int Index, double Objective, double[] Measures, double Threshold, T[] Solution);

namespace QualityDiversity.Archives;

/// <summary>A copy of one elite, for enumeration and export.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="Slot">The elite's storage slot (its cell index for cell-based archives).</param>
/// <param name="Solution">The solution's elements.</param>
/// <param name="Objective">Its objective.</param>
/// <param name="Measures">Its measures.</param>
/// <param name="Features">Its features (empty when none are kept).</param>
/// <param name="Threshold">The cell's acceptance threshold (CMA-MAE); equals the objective for plain archives.</param>
public sealed record Elite<T>(int Slot, T[] Solution, double Objective, double[] Measures, double[] Features, double Threshold);

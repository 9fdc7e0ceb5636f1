namespace QualityDiversity.Archives;

/// <summary>
/// Summary statistics of an archive. The QD score sums <c>objective - offset</c> over elites so
/// that archives whose objectives can be negative still score monotonically.
/// </summary>
/// <param name="Elites">Number of elites.</param>
/// <param name="Cells">Number of cells the scores are normalised by.</param>
/// <param name="Coverage">Elites / cells: in [0, 1] for cell archives; a proximity archive that outgrows its nominal cell count exceeds 1.</param>
/// <param name="QdScore">Sum over elites of objective minus the QD-score offset.</param>
/// <param name="NormalizedQdScore">QD score divided by the number of cells.</param>
/// <param name="MaxObjective">Best objective (NaN when empty).</param>
/// <param name="MeanObjective">Mean objective (NaN when empty).</param>
/// <param name="BestSlot">Storage slot of the best elite, or -1 when empty.</param>
public readonly record struct ArchiveStatistics(
    int Elites,
    int Cells,
    double Coverage,
    double QdScore,
    double NormalizedQdScore,
    double MaxObjective,
    double MeanObjective,
    int BestSlot);

namespace QualityDiversity.Experiments.Output;

/// <summary>One row of <c>metrics.csv</c>.</summary>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="Evaluations">Candidates evaluated so far.</param>
/// <param name="QdScore">QD score of the reported archive.</param>
/// <param name="NormQdScore">QD score divided by the number of cells.</param>
/// <param name="Coverage">Fraction of cells filled.</param>
/// <param name="MaxObjective">Best objective (NaN while empty).</param>
/// <param name="MeanObjective">Mean objective of the elites (NaN while empty).</param>
/// <param name="ElapsedSeconds">Wall time of the search so far, across resumes.</param>
internal sealed record MetricsRow(int Iteration, long Evaluations, double QdScore, double NormQdScore, double Coverage,
    double MaxObjective, double MeanObjective, double ElapsedSeconds);

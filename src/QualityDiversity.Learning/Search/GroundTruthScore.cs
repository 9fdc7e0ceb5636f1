namespace QualityDiversity.Learning.Search;

/// <summary>
/// A run's quality in ground-truth terms at one iteration: its current archive's elites
/// re-inserted into a fresh ground-truth archive ("archive solutions"), and every candidate it
/// ever evaluated collected into another ("all solutions"). QD scores are normalised by the
/// number of cells, coverage is in percent.
/// </summary>
/// <param name="Iteration">The iteration scored.</param>
/// <param name="Evaluations">Candidates evaluated by then.</param>
/// <param name="ArchiveQdScore">Normalised QD score of the archive solutions.</param>
/// <param name="ArchiveCoverage">Coverage (percent) of the archive solutions.</param>
/// <param name="AllQdScore">Normalised QD score of all solutions.</param>
/// <param name="AllCoverage">Coverage (percent) of all solutions.</param>
/// <param name="BestObjective">Best objective evaluated so far.</param>
public sealed record GroundTruthScore(
    int Iteration,
    long Evaluations,
    double ArchiveQdScore,
    double ArchiveCoverage,
    double AllQdScore,
    double AllCoverage,
    double BestObjective);

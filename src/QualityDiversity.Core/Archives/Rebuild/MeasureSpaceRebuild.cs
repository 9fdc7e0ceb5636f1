namespace QualityDiversity.Archives.Rebuild;

/// <summary>The outcome of moving a set of candidates into a new measure space.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="Archive">The new archive, holding the re-inserted candidates.</param>
/// <param name="Bounds">The bounds the new archive was built with.</param>
/// <param name="Measures">Every candidate's measures in the new space, row-major.</param>
/// <param name="Outcome">Per-candidate add status in the new archive.</param>
public sealed record MeasureSpaceRebuild<T>(
    IArchive<T> Archive,
    IReadOnlyList<(double Lower, double Upper)> Bounds,
    double[] Measures,
    AddResult Outcome)
{
    /// <summary>Candidates offered to the new archive.</summary>
    public int Offered => Outcome.Count;

    /// <summary>
    /// Candidates that did not become elites because a better one shares their new cell (a new
    /// space may map several old cells onto one).
    /// </summary>
    public int Displaced => Offered - Archive.Count;
}

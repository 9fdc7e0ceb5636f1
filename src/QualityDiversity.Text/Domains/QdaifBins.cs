namespace QualityDiversity.Text.Domains;

/// <summary>
/// QDAIF's non-uniform bin edges over a judged probability: finer near 0 and 1, where a judge's
/// confident answers pile up.
/// </summary>
public static class QdaifBins
{
    /// <summary>20 bins for one-axis domains.</summary>
    public static IReadOnlyList<double> OneAxis { get; } =
        [0, .005, .01, .015, .02, .03, .04, .05, .10, .20, .50, .80, .90, .95, .96, .97, .98, .985, .99, .995, 1];

    /// <summary>10 bins per axis for two-axis domains.</summary>
    public static IReadOnlyList<double> TwoAxes { get; } =
        [0, .005, .02, .05, .20, .50, .80, .95, .98, .995, 1];
}

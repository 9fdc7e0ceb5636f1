namespace QualityDiversity.Tables;

/// <summary>
/// Column names of an elite table, as pyribs names its archive data: <c>index</c>,
/// <c>objective</c>, <c>threshold</c>, <c>measures_0</c>…, <c>solution_0</c>…,
/// <c>features_0</c>…, then the metadata columns by their own names.
/// </summary>
public static class EliteTableColumns
{
    /// <summary>The cell index column.</summary>
    public const string Index = "index";

    /// <summary>The objective column.</summary>
    public const string Objective = "objective";

    /// <summary>The threshold column.</summary>
    public const string Threshold = "threshold";

    /// <summary>Prefix of the measure columns (<c>measures_0</c>, …).</summary>
    public const string MeasurePrefix = "measures_";

    /// <summary>Prefix of the solution columns (<c>solution_0</c>, …).</summary>
    public const string SolutionPrefix = "solution_";

    /// <summary>Prefix of the feature columns (<c>features_0</c>, …).</summary>
    public const string FeaturePrefix = "features_";

    /// <summary>Name of measure column <paramref name="i"/>.</summary>
    public static string Measure(int i) => MeasurePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Name of solution column <paramref name="i"/>.</summary>
    public static string Solution(int i) => SolutionPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Name of feature column <paramref name="i"/>.</summary>
    public static string Feature(int i) => FeaturePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// How many consecutive columns <c>PREFIX0</c>, <c>PREFIX1</c>, … <paramref name="names"/>
    /// holds, for reading a table back from a file or data frame.
    /// </summary>
    public static int CountPrefixed(IReadOnlyCollection<string> names, string prefix)
    {
        var set = names as ISet<string> ?? new HashSet<string>(names, StringComparer.Ordinal);
        int n = 0;
        while (set.Contains(prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture))) n++;
        return n;
    }
}

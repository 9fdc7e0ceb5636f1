namespace QualityDiversity.Plotting;

/// <summary>One named metric curve, e.g. QD score per evaluation.</summary>
/// <param name="Name">Curve name, shown in the legend (and as the panel title when <see cref="Panel"/> is not set).</param>
/// <param name="Values">One value per x value of the enclosing <see cref="MetricCurvesData"/>; non-finite values are skipped (e.g. the max objective of a still-empty archive).</param>
public sealed record MetricSeries(string Name, double[] Values)
{
    /// <summary>Panel (subplot) title; series with the same panel share one subplot. <see langword="null"/> gives the series its own panel named <see cref="Name"/>.</summary>
    public string? Panel { get; init; }

    /// <summary>The panel this series is drawn in.</summary>
    public string PanelTitle => Panel ?? Name;
}

using ScottPlot;

namespace QualityDiversity.Plotting;

/// <summary>
/// A multi-panel figure with a title above its panels (what <see cref="MetricFigures.Curves"/>
/// returns); <see cref="FigureFile"/> draws the title in a strip over the panels.
/// </summary>
public sealed class TitledMultiplot : Multiplot
{
    /// <summary>The figure's title, one line per <c>\n</c>; null or empty for none.</summary>
    public string? Title { get; init; }
}

using ScottPlot;

namespace QualityDiversity.Plotting.Internal;

/// <summary>A multi-panel figure with a title above its panels, which <see cref="MultiplotRendering"/> draws.</summary>
internal sealed class TitledMultiplot : Multiplot
{
    /// <summary>The figure's title; null or empty for none.</summary>
    public string? Title { get; init; }
}

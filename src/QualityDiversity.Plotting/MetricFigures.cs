using QualityDiversity.Plotting.Internal;
using ScottPlot;

namespace QualityDiversity.Plotting;

/// <summary>Builds figures of QD metrics over a run.</summary>
public static class MetricFigures
{
    /// <summary>
    /// One subplot per panel of <paramref name="data"/> (see <see cref="MetricSeries.Panel"/>), each plotting its series against
    /// the shared x values with a legend when it holds several, the spread bands and event markers of the data, y axes labelled and the data's title above. Up to three panels are stacked; more are laid out in two columns.
    /// Save the result with <see cref="FigureFile.Save(Multiplot, string, FigureFormat, int, int)"/>.
    /// </summary>
    /// <param name="data">X values and named series.</param>
    /// <exception cref="ArgumentException">The data is inconsistent; the parameter name is the offending property.</exception>
    public static TitledMultiplot Curves(MetricCurvesData data) => MetricCurvesFigure.Build(data);
}

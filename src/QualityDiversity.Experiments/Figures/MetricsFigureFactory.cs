using QualityDiversity.Experiments.Output;
using QualityDiversity.Plotting;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>The metric curves of a run (QD score, normalised QD score, coverage, objectives) against evaluations.</summary>
internal static class MetricsFigureFactory
{
    /// <summary>Builds the figure from the rows of <c>metrics.csv</c> (at least one).</summary>
    public static Multiplot Create(IReadOnlyList<MetricsRow> rows)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var data = MetricCurvesData.Standard(
            rows.Select(r => (double)r.Evaluations).ToArray(),
            qdScore: rows.Select(r => r.QdScore).ToArray(),
            normalizedQdScore: rows.Select(r => r.NormQdScore).ToArray(),
            coverageFraction: rows.Select(r => r.Coverage).ToArray(),
            maxObjective: rows.Select(r => r.MaxObjective).ToArray(),
            meanObjective: rows.Select(r => r.MeanObjective).ToArray());
        return MetricFigures.Curves(data);
    }
}

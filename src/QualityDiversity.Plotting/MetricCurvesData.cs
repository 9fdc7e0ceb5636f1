using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// QD metrics over the course of a run: shared x values (evaluations or iterations) and named series grouped into panels.
/// </summary>
/// <param name="X">X values shared by all series (e.g. evaluations); finite.</param>
/// <param name="Series">The curves; at least one, each with one value per x value.</param>
public sealed record MetricCurvesData(double[] X, IReadOnlyList<MetricSeries> Series)
{
    /// <summary>Panel title of <see cref="Standard"/>'s QD score curve.</summary>
    public const string QdScorePanel = "QD score";

    /// <summary>Panel title of <see cref="Standard"/>'s normalised QD score curve.</summary>
    public const string NormalizedQdScorePanel = "normalised QD score";

    /// <summary>Panel title of <see cref="Standard"/>'s coverage curve.</summary>
    public const string CoveragePanel = "coverage (%)";

    /// <summary>Panel title of <see cref="Standard"/>'s max and mean objective curves.</summary>
    public const string ObjectivePanel = "objective";

    /// <summary>Title of the x axis of every panel.</summary>
    public string XLabel { get; init; } = "evaluations";

    /// <summary>Title of the whole figure, above its panels (for example which run and which measures); null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Title of each panel's y axis, by panel title; a panel without one is labelled with its title.</summary>
    public IReadOnlyDictionary<string, string>? YLabels { get; init; }

    /// <summary>X values of events to mark with a dashed vertical line in every panel (for example each refit of learned measures); null for none.</summary>
    public double[]? Markers { get; init; }

    /// <summary>Legend text of the <see cref="Markers"/>.</summary>
    public string MarkerLabel { get; init; } = "event";

    /// <summary>The y-axis title of <paramref name="panel"/>.</summary>
    public string YLabelOf(string panel) => YLabels is not null && YLabels.TryGetValue(panel, out var label) ? label : panel;

    /// <summary>
    /// The usual QD metric set: panels for QD score, normalised QD score, coverage (in percent) and objective (max and mean).
    /// Pass <see langword="null"/> for metrics you do not have; their curves (and empty panels) are left out.
    /// </summary>
    /// <param name="x">X values, e.g. evaluations.</param>
    /// <param name="qdScore">QD score per x value.</param>
    /// <param name="normalizedQdScore">Normalised QD score per x value.</param>
    /// <param name="coverageFraction">Coverage as a fraction of cells in [0, 1]; drawn as a percentage.</param>
    /// <param name="maxObjective">Best objective per x value.</param>
    /// <param name="meanObjective">Mean objective of the elites per x value.</param>
    /// <param name="xLabel">Title of the x axes.</param>
    public static MetricCurvesData Standard(
        double[] x,
        double[]? qdScore = null,
        double[]? normalizedQdScore = null,
        double[]? coverageFraction = null,
        double[]? maxObjective = null,
        double[]? meanObjective = null,
        string xLabel = "evaluations")
    {
        var series = new List<MetricSeries>();
        var yLabels = new Dictionary<string, string>
        {
            [QdScorePanel] = "QD score (sum of objective − offset)",
            [NormalizedQdScorePanel] = "QD score / cells",
            [CoveragePanel] = "cells filled (%)",
            [ObjectivePanel] = "objective",
        };
        if (qdScore is not null)
            series.Add(new MetricSeries("QD score", qdScore) { Panel = QdScorePanel });
        if (normalizedQdScore is not null)
            series.Add(new MetricSeries("normalised QD score", normalizedQdScore) { Panel = NormalizedQdScorePanel });
        if (coverageFraction is not null)
            series.Add(new MetricSeries("coverage", coverageFraction.Select(c => c * 100.0).ToArray()) { Panel = CoveragePanel });
        if (maxObjective is not null)
            series.Add(new MetricSeries("max objective", maxObjective) { Panel = ObjectivePanel });
        if (meanObjective is not null)
            series.Add(new MetricSeries("mean objective", meanObjective) { Panel = ObjectivePanel });
        return new MetricCurvesData(x, series) { XLabel = xLabel, YLabels = yLabels };
    }

    /// <summary>Panel titles in order of first appearance among <see cref="Series"/>.</summary>
    public IReadOnlyList<string> Panels => Series.Select(s => s.PanelTitle).Distinct().ToArray();

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(X, nameof(X));
        if (X.Length == 0)
            throw DataChecks.Error(nameof(X), "X must contain at least one value.");
        for (int i = 0; i < X.Length; i++)
        {
            if (!double.IsFinite(X[i]))
                throw DataChecks.Error(nameof(X), $"X[{i}] is not finite.");
        }

        DataChecks.NotNull(Series, nameof(Series));
        if (Series.Count == 0)
            throw DataChecks.Error(nameof(Series), "Series must contain at least one curve.");
        for (int i = 0; i < Series.Count; i++)
        {
            MetricSeries? s = Series[i];
            if (s is null)
                throw DataChecks.Error(nameof(Series), $"Series[{i}] is null.");
            if (string.IsNullOrWhiteSpace(s.Name))
                throw DataChecks.Error(nameof(Series), $"Series[{i}].Name must not be empty.");
            if (s.Values is null || s.Values.Length != X.Length)
                throw DataChecks.Error(nameof(Series), $"Series[{i}] ('{s.Name}') has {s.Values?.Length ?? 0} values but X has {X.Length}.");
            if (s.Spread is { } spread)
            {
                if (spread.Length != X.Length)
                    throw DataChecks.Error(nameof(Series), $"Series[{i}] ('{s.Name}') has {spread.Length} spread values but X has {X.Length}.");
                for (int k = 0; k < spread.Length; k++)
                {
                    if (spread[k] < 0 || double.IsInfinity(spread[k]))
                        throw DataChecks.Error(nameof(Series), $"Series[{i}] ('{s.Name}') spread[{k}] is {spread[k]}; a spread is finite and non-negative (NaN skips the point).");
                }
            }
            if (s.Runs < 1)
                throw DataChecks.Error(nameof(Series), $"Series[{i}] ('{s.Name}') summarises {s.Runs} runs; at least 1.");
        }
        if (Markers is not null) DataChecks.Finite(Markers, nameof(Markers));
    }
}

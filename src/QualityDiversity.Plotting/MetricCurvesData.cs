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
        return new MetricCurvesData(x, series) { XLabel = xLabel };
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
        }
    }
}

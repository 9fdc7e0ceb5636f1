using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// Elites of an archive over several measures, drawn on parallel axes: one vertical axis per
/// measure, each elite a line through its measure values, coloured by its value.
/// </summary>
/// <param name="Points">Each elite's measures; every point has the same number (at least 2) of finite coordinates.</param>
/// <param name="Values">Each elite's value (objective); finite.</param>
public sealed record ParallelAxesData(double[][] Points, double[] Values)
{
    /// <summary>Range of each axis (its bottom and top); null fits each axis to its values.</summary>
    public AxisRange[]? Ranges { get; init; }

    /// <summary>Axis names, one per measure; null for "measure 1", "measure 2", …</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Number of axes: the points' dimension, or the ranges' count when there are no points.</summary>
    public int Dimension => Points is { Length: > 0 } ? Points[0]?.Length ?? 0 : Ranges?.Length ?? AxisLabels?.Length ?? 0;

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(Points, nameof(Points));
        DataChecks.NotNull(Values, nameof(Values));
        int d = Dimension;
        if (d < 2) throw DataChecks.Error(nameof(Points), $"parallel axes need at least 2 measures; the data has {d}.");
        DataChecks.Points(Points, d, nameof(Points));
        if (Values.Length != Points.Length)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {Points.Length} points.");
        DataChecks.Finite(Values, nameof(Values));
        if (Ranges is not null)
        {
            if (Ranges.Length != d) throw DataChecks.Error(nameof(Ranges), $"Ranges has {Ranges.Length} entries but there are {d} measures.");
            for (int i = 0; i < d; i++) DataChecks.Range(Ranges[i], $"{nameof(Ranges)}[{i}]", nameof(Ranges));
        }
        DataChecks.Labels(AxisLabels, d, nameof(AxisLabels));
    }
}

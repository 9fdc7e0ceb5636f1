using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// Points with values, for archives without fixed cells (unstructured / proximity archives): drawn as a coloured scatter.
/// </summary>
/// <remarks>Points with more than two coordinates are drawn by their first two.</remarks>
/// <param name="Points">Point coordinates (measures); each needs at least 2 finite coordinates.</param>
/// <param name="Values">One value per point; <see cref="double.NaN"/> points are drawn in grey.</param>
public sealed record ScatterData(double[][] Points, double[] Values)
{
    /// <summary>Fixed x-axis bounds; <see langword="null"/> fits the points.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Fixed y-axis bounds; <see langword="null"/> fits the points.</summary>
    public AxisRange? YRange { get; init; }

    /// <summary>Axis titles (the first two are used); <see langword="null"/> uses "measure 1", "measure 2".</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(Points, nameof(Points));
        DataChecks.FirstTwoCoordinates(Points, nameof(Points));
        DataChecks.NotNull(Values, nameof(Values));
        if (Values.Length != Points.Length)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {Points.Length} points.");
        DataChecks.FiniteOrNaN(Values, nameof(Values));
        DataChecks.Range(XRange, nameof(XRange));
        DataChecks.Range(YRange, nameof(YRange));
        DataChecks.Labels(AxisLabels, 2, nameof(AxisLabels));
    }
}

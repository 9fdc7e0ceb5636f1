using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// Elites of an archive over three measures, drawn as a projected 3-D scatter inside the box of
/// the measure ranges, coloured by value, nearer points drawn over farther ones.
/// </summary>
/// <param name="Points">Each elite's three measures; finite.</param>
/// <param name="Values">Each elite's value (objective); finite.</param>
public sealed record Projection3DData(double[][] Points, double[] Values)
{
    /// <summary>Range of each of the three axes; null fits each to its values.</summary>
    public AxisRange[]? Ranges { get; init; }

    /// <summary>Axis names, three; null for "measure 1", "measure 2", "measure 3".</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Points of empty cells (for example CVT centroids no elite reached), drawn as small grey dots; null for none.</summary>
    public double[][]? EmptyPoints { get; init; }

    /// <summary>Rotation of the view about the vertical (third) axis, in degrees.</summary>
    public double Azimuth { get; init; } = -55;

    /// <summary>Height of the viewpoint above the plane of the first two axes, in degrees (-90 to 90).</summary>
    public double Elevation { get; init; } = 25;

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(Points, nameof(Points));
        DataChecks.NotNull(Values, nameof(Values));
        DataChecks.Points(Points, 3, nameof(Points));
        if (Values.Length != Points.Length)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {Points.Length} points.");
        DataChecks.Finite(Values, nameof(Values));
        if (EmptyPoints is not null) DataChecks.Points(EmptyPoints, 3, nameof(EmptyPoints));
        if (Ranges is not null)
        {
            if (Ranges.Length != 3) throw DataChecks.Error(nameof(Ranges), $"Ranges has {Ranges.Length} entries; a 3-D view needs 3.");
            for (int i = 0; i < 3; i++) DataChecks.Range(Ranges[i], $"{nameof(Ranges)}[{i}]", nameof(Ranges));
        }
        DataChecks.Labels(AxisLabels, 3, nameof(AxisLabels));
        if (!double.IsFinite(Azimuth)) throw DataChecks.Error(nameof(Azimuth), "Azimuth must be finite.");
        if (!(Elevation >= -90 && Elevation <= 90)) throw DataChecks.Error(nameof(Elevation), $"Elevation is {Elevation}; it must be between -90 and 90 degrees.");
    }
}

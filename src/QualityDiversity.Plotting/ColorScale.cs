namespace QualityDiversity.Plotting;

/// <summary>
/// How archive values are turned into colours: the colormap, an optional fixed value range and the colorbar label.
/// </summary>
/// <remarks>
/// A fixed range (<see cref="Min"/> and/or <see cref="Max"/>) makes figures of different runs or iterations comparable;
/// values outside it are drawn with the colour of the nearest end.
/// </remarks>
public sealed record ColorScale
{
    /// <summary>Viridis, range taken from the data, colorbar labelled "objective".</summary>
    public static ColorScale Default { get; } = new();

    /// <summary>Colormap used for filled cells and points.</summary>
    public ColormapName Colormap { get; init; } = ColormapName.Viridis;

    /// <summary>Value mapped to the low end of the colormap; <see langword="null"/> uses the smallest value in the data.</summary>
    public double? Min { get; init; }

    /// <summary>Value mapped to the high end of the colormap; <see langword="null"/> uses the largest value in the data.</summary>
    public double? Max { get; init; }

    /// <summary>Label written next to the colorbar.</summary>
    public string Label { get; init; } = "objective";

    /// <summary>Checks that the fixed bounds are finite and ordered.</summary>
    /// <exception cref="ArgumentException">A bound is not finite, or <see cref="Min"/> is not below <see cref="Max"/>; the parameter name is the offending property.</exception>
    public void Validate()
    {
        if (Min is { } min && !double.IsFinite(min))
            throw new ArgumentException("Min must be a finite number.", nameof(Min));
        if (Max is { } max && !double.IsFinite(max))
            throw new ArgumentException("Max must be a finite number.", nameof(Max));
        if (Min is { } lo && Max is { } hi && lo >= hi)
            throw new ArgumentException($"Min ({lo}) must be below Max ({hi}).", nameof(Min));
    }
}

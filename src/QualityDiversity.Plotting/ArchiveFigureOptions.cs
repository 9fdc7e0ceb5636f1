namespace QualityDiversity.Plotting;

/// <summary>
/// How <see cref="ArchiveFigures"/> draws an archive: what the title says, the measures' names
/// (with units), the colours and whether cell borders are drawn. Every property has a default,
/// so <c>new ArchiveFigureOptions { MeasureNames = ["x (m)", "y (m)"] }</c> is enough.
/// </summary>
/// <remarks>
/// Unless <see cref="Title"/> replaces it, the title is composed from what is known:
/// <c>"SUBJECT: N elites, C of M cells (P%), MEASURE SPACE, iteration I"</c>, so every figure
/// says which archive it shows, in which measures and when.
/// </remarks>
public sealed record ArchiveFigureOptions
{
    /// <summary>Options with every default.</summary>
    public static ArchiveFigureOptions Default { get; } = new();

    /// <summary>The whole title, replacing the composed one; null composes it.</summary>
    public string? Title { get; init; }

    /// <summary>What the archive is, the title's first words (for example a run's name); null names the archive's kind ("grid archive").</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// The measures the archive is organised by, as the title says it (for example
    /// "ground-truth measures" or "learned measures"); null says nothing about them.
    /// </summary>
    public string? MeasureSpace { get; init; }

    /// <summary>The iteration the archive is from; null leaves it out of the title.</summary>
    public int? Iteration { get; init; }

    /// <summary>
    /// Axis titles, one per measure, ideally with units ("end-effector x (link lengths)");
    /// null for "measure 1", "measure 2", …
    /// </summary>
    public IReadOnlyList<string>? MeasureNames { get; init; }

    /// <summary>Colormap of the elites' values.</summary>
    public ColormapName Colormap { get; init; } = ColormapName.Viridis;

    /// <summary>Value at the low end of the colormap; null takes the smallest value drawn.</summary>
    public double? Min { get; init; }

    /// <summary>Value at the high end of the colormap; null takes the largest value drawn.</summary>
    public double? Max { get; init; }

    /// <summary>What the colour shows, the colorbar's label (and the y axis of a profile).</summary>
    public string ValueLabel { get; init; } = "objective";

    /// <summary>Whether to outline cells; null decides by cell size (outlines help few large cells and swamp many small ones).</summary>
    public bool? CellBorders { get; init; }

    /// <summary>Edge length, in pixels, of the raster a CVT archive's Voronoi cells are drawn on (16 to 4096).</summary>
    public int RasterSize { get; init; } = ArchiveFigures.DefaultRasterSize;

    /// <summary>The colour part of these options.</summary>
    public ColorScale ColorScale => new() { Colormap = Colormap, Min = Min, Max = Max, Label = ValueLabel };

    /// <summary>Checks the options against an archive with <paramref name="measureDim"/> measures.</summary>
    /// <exception cref="ArgumentException">A value is invalid; the parameter name is the offending property.</exception>
    public void Validate(int measureDim)
    {
        ColorScale.Validate();
        if (MeasureNames is { } names)
        {
            if (names.Count != measureDim)
                throw new ArgumentException($"MeasureNames has {names.Count} names but the archive has {measureDim} measures.", nameof(MeasureNames));
            for (int i = 0; i < names.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(names[i]))
                    throw new ArgumentException($"MeasureNames[{i}] is empty.", nameof(MeasureNames));
            }
        }
        if (RasterSize is < 16 or > 4096)
            throw new ArgumentException($"RasterSize is {RasterSize}; it must be between 16 and 4096.", nameof(RasterSize));
        if (ValueLabel is null)
            throw new ArgumentException("ValueLabel must not be null.", nameof(ValueLabel));
    }

    /// <summary>The axis titles of an archive with <paramref name="measureDim"/> measures.</summary>
    internal string[] AxisLabels(int measureDim) =>
        MeasureNames?.ToArray() ?? Enumerable.Range(1, measureDim).Select(i => $"measure {i}").ToArray();
}

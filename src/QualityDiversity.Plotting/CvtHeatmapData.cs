using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// A CVT (centroidal Voronoi tessellation) archive to draw as a Voronoi heatmap: each centroid's cell is filled with its value's colour.
/// </summary>
/// <remarks>Centroids with more than two coordinates are drawn by their first two, so the cells are those of the projected centroids.</remarks>
/// <param name="Centroids">Centroid coordinates; each needs at least 2 finite coordinates.</param>
/// <param name="Values">One value per centroid; <see cref="double.NaN"/> marks an empty cell.</param>
public sealed record CvtHeatmapData(double[][] Centroids, double[] Values)
{
    /// <summary>Bounds of the first measure; <see langword="null"/> fits the centroids with a small margin.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Bounds of the second measure; <see langword="null"/> fits the centroids with a small margin.</summary>
    public AxisRange? YRange { get; init; }

    /// <summary>Axis titles (the first two are used); <see langword="null"/> uses "measure 1", "measure 2".</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Whether to outline every Voronoi cell; null outlines them when cells are large enough (at least 64 raster pixels each).</summary>
    public bool? CellBorders { get; init; }

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(Centroids, nameof(Centroids));
        if (Centroids.Length == 0)
            throw DataChecks.Error(nameof(Centroids), "Centroids must contain at least one centroid.");
        DataChecks.FirstTwoCoordinates(Centroids, nameof(Centroids));
        DataChecks.NotNull(Values, nameof(Values));
        if (Values.Length != Centroids.Length)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {Centroids.Length} centroids.");
        DataChecks.FiniteOrNaN(Values, nameof(Values));
        DataChecks.Range(XRange, nameof(XRange));
        DataChecks.Range(YRange, nameof(YRange));
        DataChecks.Labels(AxisLabels, 2, nameof(AxisLabels));
    }
}

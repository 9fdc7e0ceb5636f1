using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// A grid archive to draw as a heatmap: bin edges per measure axis and one value per cell.
/// </summary>
/// <remarks>
/// <para>One axis is drawn as a single-row heatmap. Two axes are drawn as x (first axis) by y (second axis).
/// With more than two axes only the first two are drawn, and each drawn cell shows the maximum over the
/// remaining axes (ignoring empty cells), i.e. the best elite projected onto the first two measures.</para>
/// <para>Edges need not be uniform: every cell is drawn at its true position.</para>
/// </remarks>
/// <param name="BinEdges">Bin edges per axis; each axis needs at least 2 strictly increasing finite edges (n edges make n - 1 cells).</param>
/// <param name="Values">Cell values in row-major order over the axes (the first axis varies slowest); <see cref="double.NaN"/> marks an empty cell.</param>
public sealed record GridHeatmapData(double[][] BinEdges, double[] Values)
{
    /// <summary>Axis titles, one per axis (extra entries are ignored); <see langword="null"/> uses "measure 1", "measure 2".</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Whether to outline every cell with a thin white line; null (the default) draws none.</summary>
    public bool? CellBorders { get; init; }

    /// <summary>Number of cells along each axis.</summary>
    public int[] CellCounts => BinEdges.Select(edges => edges.Length - 1).ToArray();

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(BinEdges, nameof(BinEdges));
        if (BinEdges.Length == 0)
            throw DataChecks.Error(nameof(BinEdges), "BinEdges must describe at least one axis.");

        long cells = 1;
        for (int axis = 0; axis < BinEdges.Length; axis++)
        {
            double[]? edges = BinEdges[axis];
            if (edges is null || edges.Length < 2)
                throw DataChecks.Error(nameof(BinEdges), $"BinEdges axis {axis} needs at least 2 edges.");
            for (int i = 0; i < edges.Length; i++)
            {
                if (!double.IsFinite(edges[i]))
                    throw DataChecks.Error(nameof(BinEdges), $"BinEdges axis {axis} edge {i} is not finite.");
                if (i > 0 && edges[i] <= edges[i - 1])
                    throw DataChecks.Error(nameof(BinEdges), $"BinEdges axis {axis} must be strictly increasing (edge {i} = {edges[i]} follows {edges[i - 1]}).");
            }

            cells *= edges.Length - 1;
            if (cells > Array.MaxLength)
                throw DataChecks.Error(nameof(BinEdges), "BinEdges describe more cells than an array can hold.");
        }

        DataChecks.NotNull(Values, nameof(Values));
        if (Values.Length != cells)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but the grid has {cells} cells ({string.Join(" x ", CellCounts)}).");
        DataChecks.FiniteOrNaN(Values, nameof(Values));
        DataChecks.Labels(AxisLabels, Math.Min(BinEdges.Length, 2), nameof(AxisLabels));
    }
}

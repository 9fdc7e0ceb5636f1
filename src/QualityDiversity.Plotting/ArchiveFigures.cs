using QualityDiversity.Archives;
using QualityDiversity.Plotting.Internal;
using ScottPlot;

namespace QualityDiversity.Plotting;

/// <summary>
/// Builds figures of QD archives. Each method validates its data, returns a ready-to-save ScottPlot <see cref="Plot"/>
/// (which the caller may restyle and should dispose) and draws a colorbar labelled by the <see cref="ColorScale"/>.
/// Save the result with <see cref="FigureFile"/>.
/// </summary>
public static class ArchiveFigures
{
    /// <summary>Default edge length, in pixels, of the Voronoi raster drawn by <see cref="Cvt"/>.</summary>
    public const int DefaultRasterSize = 600;

    /// <summary>
    /// Heatmap of a grid archive. Empty cells are light grey; non-uniform bins are drawn at their true positions;
    /// a 1-D archive is a single row; beyond two axes each drawn cell shows the maximum over the remaining axes.
    /// </summary>
    /// <param name="data">The archive cells.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; <see langword="null"/> for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    public static Plot Grid(GridHeatmapData data, ColorScale? colors = null) =>
        GridHeatmapFigure.Build(data, colors);

    /// <summary>
    /// Voronoi heatmap of a CVT archive: each centroid's cell, within the data's bounds, is filled with the colour of its value
    /// (light grey when empty). Cells are rasterised, with borders drawn when cells are large enough to show them.
    /// </summary>
    /// <param name="data">The centroids and their values.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; <see langword="null"/> for <see cref="ColorScale.Default"/>.</param>
    /// <param name="rasterSize">Edge length of the square raster in pixels (16 to 4096); higher is sharper but slower.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rasterSize"/> is outside 16 to 4096.</exception>
    public static Plot Cvt(CvtHeatmapData data, ColorScale? colors = null, int rasterSize = DefaultRasterSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rasterSize, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rasterSize, 4096);
        return CvtHeatmapFigure.Build(data, colors, rasterSize);
    }

    /// <summary>Scatter of an unstructured archive: one marker per point coloured by its value, best points drawn on top.</summary>
    /// <param name="data">The points and their values.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; <see langword="null"/> for <see cref="ColorScale.Default"/>.</param>
    /// <param name="markerSize">Marker diameter in pixels.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="markerSize"/> is not positive.</exception>
    public static Plot Scatter(ScatterData data, ColorScale? colors = null, float markerSize = 6f) =>
        ScatterFigure.Build(data, colors, markerSize);

    /// <summary>Labelled heatmap of a categorical archive, with category names as tick labels and each filled cell's value written inside it.</summary>
    /// <param name="data">The categories and cell values.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; <see langword="null"/> for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    public static Plot Categorical(CategoricalGridData data, ColorScale? colors = null) =>
        CategoricalFigure.Build(data, colors);

    /// <summary>
    /// The figure of an archive, whatever its kind: a heatmap for a grid archive, a Voronoi
    /// heatmap for a CVT archive with two measures, a scatter for a proximity archive and a
    /// labelled grid for a categorical archive; colour is each elite's objective.
    /// <code>
    /// using var plot = ArchiveFigures.Draw(archive, measureNames: ["x", "y"]);
    /// FigureFile.Save(plot, "archive.png", FigureFormat.Png);
    /// </code>
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="title">Figure title; null for "N elites".</param>
    /// <param name="measureNames">Axis titles, one per measure; null for "measure 0", "measure 1", ….</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; null for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The archive kind has no figure (for example a CVT archive over three measures).</exception>
    public static Plot Draw<T>(IArchive<T> archive, string? title = null, IReadOnlyList<string>? measureNames = null, ColorScale? colors = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var data = archive.ToData();
        title ??= $"{data.Count:N0} elites";
        string[] labels = measureNames?.ToArray() ?? Enumerable.Range(0, Math.Max(2, archive.MeasureDim)).Select(i => $"measure {i}").ToArray();
        switch (archive)
        {
            case GridArchive<T> grid:
                return Grid(new GridHeatmapData(grid.Axes.Select(a => a.Edges.ToArray()).ToArray(), CellValues(grid.CellCount, data.Index, data.Objective))
                    { Title = title, AxisLabels = labels }, colors);
            case CvtArchive<T> cvt when cvt.MeasureDim == 2:
            {
                var centroids = cvt.Centroids.ToArray();
                var rows = Enumerable.Range(0, cvt.CellCount).Select(i => centroids.AsSpan(i * 2, 2).ToArray()).ToArray();
                var ranges = cvt.Ranges;
                return Cvt(new CvtHeatmapData(rows, CellValues(cvt.CellCount, data.Index, data.Objective))
                {
                    Title = title,
                    AxisLabels = labels,
                    XRange = ranges is null ? null : new AxisRange(ranges[0].Lower, ranges[0].Upper),
                    YRange = ranges is null ? null : new AxisRange(ranges[1].Lower, ranges[1].Upper),
                }, colors);
            }
            case ProximityArchive<T>:
                return Scatter(new ScatterData(Enumerable.Range(0, data.Count).Select(i => data.MeasuresOf(i).ToArray()).ToArray(), data.Objective)
                    { Title = title, AxisLabels = labels }, colors);
            case CategoricalArchive<T> categorical:
                return Categorical(CategoricalGridData.FromCells(categorical.Axes, CellValues(categorical.CellCount, data.Index, data.Objective))
                    with { Title = title, AxisLabels = labels }, colors);
            default:
                throw new ArgumentException(
                    $"no figure is defined for {archive.GetType().Name} with {archive.MeasureDim} measures; grid, two-measure CVT, proximity and categorical archives have one.", nameof(archive));
        }
    }

    /// <summary>One value per cell, NaN where empty, from elites' cell indices and objectives.</summary>
    /// <exception cref="ArgumentException">An index lies outside the cells.</exception>
    public static double[] CellValues(int cells, IReadOnlyList<int> index, IReadOnlyList<double> objective)
    {
        var values = new double[cells];
        Array.Fill(values, double.NaN);
        for (int i = 0; i < index.Count; i++)
        {
            if ((uint)index[i] >= (uint)cells)
                throw new ArgumentException($"an elite is in cell {index[i]}, but the archive has {cells} cells.", nameof(index));
            values[index[i]] = objective[i];
        }
        return values;
    }
}

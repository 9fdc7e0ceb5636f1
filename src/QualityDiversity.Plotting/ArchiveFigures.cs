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
}

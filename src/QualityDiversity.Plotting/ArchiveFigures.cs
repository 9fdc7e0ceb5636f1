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

    /// <summary>Profile of an archive over one measure (see <see cref="ProfileData"/>): the measure on x, the value on y.</summary>
    /// <param name="data">The elites and, for a binned archive, its bins.</param>
    /// <param name="colors">Colormap, fixed range and label of the values (colorbar and y axis); null for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    public static Plot Profile(ProfileData data, ColorScale? colors = null) => ProfileFigure.Build(data, colors);

    /// <summary>Parallel axes of elites over two or more measures (see <see cref="ParallelAxesData"/>).</summary>
    /// <param name="data">The elites' measures and values.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; null for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    public static Plot ParallelAxes(ParallelAxesData data, ColorScale? colors = null) => ParallelAxesFigure.Build(data, colors);

    /// <summary>Projected 3-D view of elites over three measures (see <see cref="Projection3DData"/>).</summary>
    /// <param name="data">The elites' measures and values.</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; null for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">The data or colour scale is inconsistent; the parameter name is the offending property.</exception>
    public static Plot Projection3D(Projection3DData data, ColorScale? colors = null) => Projection3DFigure.Build(data, colors);

    /// <summary>
    /// A grid archive: a heatmap over two measures (non-uniform bins at their true positions); over
    /// one measure a profile with the real bin values on x; over more, a heatmap of the first two
    /// measures whose cells show the best over the rest (the colorbar says so).
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, measure names, colours and borders; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot Grid<T>(GridArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Grid(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>
    /// A CVT archive: over two measures a Voronoi heatmap; over one a profile whose bins are the
    /// cells' intervals; over three a projected 3-D view of the elites (empty cells' centroids as
    /// grey dots); over more, parallel axes.
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, measure names, colours, borders and raster size; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot Cvt<T>(CvtArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Cvt(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>A proximity archive: its elites by their measures, a scatter over two measures (a profile over one, a 3-D view over three, parallel axes over more).</summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, measure names and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot Proximity<T>(ProximityArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Elites(NotNull(archive).ToData(), options ?? ArchiveFigureOptions.Default, "proximity archive", null);

    /// <summary>A categorical archive: a grid labelled with the categories, each filled cell showing its value; beyond two axes each cell shows the best over the rest.</summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, axis names and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot Categorical<T>(CategoricalArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Categorical(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>
    /// A sliding-boundaries archive as a heatmap over its current boundaries (which move at every
    /// remap), outlined by default; over one measure a profile over its current bins.
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, measure names, colours and borders; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot SlidingBoundaries<T>(SlidingBoundariesArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.SlidingBoundaries(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>Profile of any archive over one measure: bins at their real values for binned archives, the elites' positions otherwise.</summary>
    /// <param name="archive">An archive over one measure.</param>
    /// <param name="options">Title, measure name and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The archive has more than one measure, or an option does not fit it.</exception>
    public static Plot Profile<T>(IArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Profile(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>Parallel axes of any archive's elites, each axis spanning the archive's bounds on that measure (the elites' extent when it has none).</summary>
    /// <param name="archive">An archive over two or more measures.</param>
    /// <param name="options">Title, measure names and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The archive has fewer than two measures, or an option does not fit it.</exception>
    public static Plot ParallelAxes<T>(IArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.ParallelAxes(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>Projected 3-D view of any archive over three measures (a CVT archive also shows its empty cells).</summary>
    /// <param name="archive">An archive over three measures.</param>
    /// <param name="options">Title, measure names and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The archive does not have three measures, or an option does not fit it.</exception>
    public static Plot Projection3D<T>(IArchive<T> archive, ArchiveFigureOptions? options = null) =>
        ArchiveAdapter.Projection3D(NotNull(archive), options ?? ArchiveFigureOptions.Default);

    /// <summary>
    /// Elites by their measures alone, whatever archive (or filtered table) they come from: a
    /// profile over one measure, a scatter over two, a 3-D view over three, parallel axes over more.
    /// </summary>
    /// <param name="data">The elites, e.g. <c>archive.ToData()</c>.</param>
    /// <param name="options">Title, measure names and colours; null for <see cref="ArchiveFigureOptions.Default"/>.</param>
    /// <param name="bounds">Range of each measure's axis; null fits the elites.</param>
    /// <exception cref="ArgumentException">The elites have no measures, or the options or bounds do not fit them.</exception>
    public static Plot Elites<T>(ArchiveData<T> data, ArchiveFigureOptions? options = null, IReadOnlyList<(double Lower, double Upper)>? bounds = null) =>
        ArchiveAdapter.Elites(data ?? throw new ArgumentNullException(nameof(data)), options ?? ArchiveFigureOptions.Default, "elites", bounds);

    /// <summary>
    /// The figure of an archive, whatever its kind: <see cref="Grid{T}"/>, <see cref="Cvt{T}"/>,
    /// <see cref="Categorical{T}"/> and <see cref="SlidingBoundaries{T}"/> for those archives
    /// (grids and sliding boundaries over more than two measures: <see cref="ParallelAxes{T}"/>),
    /// and the elites by their measures for the others (<see cref="Elites{T}"/>).
    /// <code>
    /// using var plot = ArchiveFigures.Draw(archive, new ArchiveFigureOptions
    /// {
    ///     MeasureNames = ["end-effector x (link lengths)", "end-effector y (link lengths)"],
    ///     Colormap = ColormapName.Plasma,
    ///     Iteration = 1000,
    /// });
    /// FigureFile.Save(plot, "archive.png", FigureFormat.Png);
    /// </code>
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="options">Title, measure names, colours and borders.</param>
    /// <exception cref="ArgumentException">An option does not fit the archive; the parameter name is the offending property.</exception>
    public static Plot Draw<T>(IArchive<T> archive, ArchiveFigureOptions options) =>
        ArchiveAdapter.Draw(NotNull(archive), options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>
    /// <see cref="Draw{T}(IArchive{T}, ArchiveFigureOptions)"/> with a title, measure names and a colour scale.
    /// <code>
    /// using var plot = ArchiveFigures.Draw(archive, measureNames: ["x", "y"]);
    /// FigureFile.Save(plot, "archive.png", FigureFormat.Png);
    /// </code>
    /// </summary>
    /// <param name="archive">The archive, as it is now.</param>
    /// <param name="title">Figure title; null composes one ("grid archive: N of M cells filled (P%)").</param>
    /// <param name="measureNames">Axis titles, one per measure; null for "measure 1", "measure 2", ….</param>
    /// <param name="colors">Colormap, fixed range and colorbar label; null for <see cref="ColorScale.Default"/>.</param>
    /// <exception cref="ArgumentException">An argument does not fit the archive.</exception>
    public static Plot Draw<T>(IArchive<T> archive, string? title = null, IReadOnlyList<string>? measureNames = null, ColorScale? colors = null)
    {
        colors ??= ColorScale.Default;
        return Draw(archive, new ArchiveFigureOptions
        {
            Title = title,
            MeasureNames = measureNames,
            Colormap = colors.Colormap,
            Min = colors.Min,
            Max = colors.Max,
            ValueLabel = colors.Label,
        });
    }

    private static TArchive NotNull<TArchive>(TArchive archive) where TArchive : class =>
        archive ?? throw new ArgumentNullException(nameof(archive));

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

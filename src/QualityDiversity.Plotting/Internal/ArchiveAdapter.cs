using QualityDiversity.Archives;
using ScottPlot;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Turns archives into the figure data records, so that figures from archives and from data share one drawing path.</summary>
internal static class ArchiveAdapter
{
    public static Plot Grid<T>(GridArchive<T> archive, ArchiveFigureOptions options)
    {
        options.Validate(archive.MeasureDim);
        var data = archive.ToData();
        string title = FigureTitle.Compose(options, "grid archive", data.Count, archive.CellCount);
        double[] cells = ArchiveFigures.CellValues(archive.CellCount, data.Index, data.Objective);
        string[] labels = options.AxisLabels(archive.MeasureDim);
        if (archive.MeasureDim == 1)
        {
            return ProfileFigure.Build(new ProfileData(data.MeasureColumn(0), data.Objective)
            {
                BinEdges = archive.Axes[0].Edges.ToArray(),
                BinValues = cells,
                XLabel = labels[0],
                Title = title,
                CellBorders = options.CellBorders,
            }, options.ColorScale);
        }
        var heatmap = new GridHeatmapData(archive.Axes.Select(a => a.Edges.ToArray()).ToArray(), cells)
        {
            Title = title,
            AxisLabels = labels,
            CellBorders = options.CellBorders ?? FewBins(archive.Dims),
        };
        return GridHeatmapFigure.Build(heatmap, HiddenMeasuresScale(options, archive.MeasureDim));
    }

    public static Plot Cvt<T>(CvtArchive<T> archive, ArchiveFigureOptions options)
    {
        int d = archive.MeasureDim;
        options.Validate(d);
        var data = archive.ToData();
        string title = FigureTitle.Compose(options, "CVT archive", data.Count, archive.CellCount);
        double[] cells = ArchiveFigures.CellValues(archive.CellCount, data.Index, data.Objective);
        double[] centroids = archive.Centroids.ToArray();
        var ranges = archive.Ranges?.Select(r => new AxisRange(r.Lower, r.Upper)).ToArray();
        string[] labels = options.AxisLabels(d);
        switch (d)
        {
            case 1:
                return ProfileFigure.Build(CvtProfile(centroids, cells, ranges?[0], data) with { XLabel = labels[0], Title = title, CellBorders = options.CellBorders },
                    options.ColorScale);
            case 2:
                var rows = Enumerable.Range(0, archive.CellCount).Select(i => centroids.AsSpan(i * 2, 2).ToArray()).ToArray();
                var voronoi = new CvtHeatmapData(rows, cells)
                {
                    Title = title,
                    AxisLabels = labels,
                    XRange = ranges?[0],
                    YRange = ranges?[1],
                    CellBorders = options.CellBorders,
                };
                return CvtHeatmapFigure.Build(voronoi, options.ColorScale, options.RasterSize);
            case 3:
                var empty = Enumerable.Range(0, archive.CellCount).Where(i => double.IsNaN(cells[i]))
                    .Select(i => centroids.AsSpan(i * 3, 3).ToArray()).ToArray();
                return Projection3DFigure.Build(new Projection3DData(Points(data), data.Objective)
                {
                    Ranges = ranges ?? FitRanges(centroids, 3),
                    AxisLabels = labels,
                    Title = title,
                    EmptyPoints = empty,
                }, options.ColorScale);
            default:
                return ParallelAxesFigure.Build(new ParallelAxesData(Points(data), data.Objective)
                {
                    Ranges = ranges ?? FitRanges(centroids, d),
                    AxisLabels = labels,
                    Title = title,
                }, options.ColorScale);
        }
    }

    public static Plot Categorical<T>(CategoricalArchive<T> archive, ArchiveFigureOptions options)
    {
        options.Validate(archive.MeasureDim);
        var data = archive.ToData();
        string title = FigureTitle.Compose(options, "categorical archive", data.Count, archive.CellCount);
        var grid = CategoricalGridData.FromCells(archive.Axes, ArchiveFigures.CellValues(archive.CellCount, data.Index, data.Objective))
            with { Title = title, AxisLabels = options.AxisLabels(archive.MeasureDim) };
        return CategoricalFigure.Build(grid, HiddenMeasuresScale(options, archive.MeasureDim));
    }

    public static Plot SlidingBoundaries<T>(SlidingBoundariesArchive<T> archive, ArchiveFigureOptions options)
    {
        int d = archive.MeasureDim;
        options.Validate(d);
        var data = archive.ToData();
        string title = FigureTitle.Compose(options with
        {
            Subject = options.Subject ?? "sliding-boundaries archive",
        }, "sliding-boundaries archive", data.Count, archive.CellCount) + (options.Title is null ? ", bins at the current boundaries" : "");
        double[] cells = ArchiveFigures.CellValues(archive.CellCount, data.Index, data.Objective);
        double[][] edges = Enumerable.Range(0, d).Select(k => archive.Boundaries(k).ToArray()).ToArray();
        string[] labels = options.AxisLabels(d);
        for (int k = 0; k < d; k++)
        {
            // After a remap on a buffer whose values on an axis are all equal, the axis spans no width; widen it so it can be drawn.
            if (!(edges[k][^1] > edges[k][0])) edges[k][^1] = edges[k][0] + 1e-9 * Math.Max(1, Math.Abs(edges[k][0]));
        }
        if (d == 1)
        {
            return ProfileFigure.Build(new ProfileData(data.MeasureColumn(0), data.Objective)
            {
                BinEdges = edges[0],
                BinValues = cells,
                XLabel = labels[0],
                Title = title,
                CellBorders = options.CellBorders ?? true,
            }, options.ColorScale);
        }
        var (columns, rows, values) = GridProjection.ToTwoAxes(archive.Dims.ToArray(), cells);
        ColorMapping colors = ColorMapping.Create(HiddenMeasuresScale(options, d), values);
        return GridHeatmapFigure.Draw(edges[0], edges[1], values, colors, labels[0], labels[1], title,
            options.CellBorders ?? FewBins([columns, rows]));
    }

    // Outlines help when the drawn axes have few bins; beyond that they swamp the cells.
    private static bool FewBins(IReadOnlyList<int> dims) => dims.Take(2).All(n => n <= GridHeatmapFigure.MaxBinsForBorders);

    /// <summary>Elites by their measures alone: a profile, a scatter, a 3-D view or parallel axes by the number of measures.</summary>
    public static Plot Elites<T>(ArchiveData<T> data, ArchiveFigureOptions options, string kind, IReadOnlyList<(double Lower, double Upper)>? bounds)
    {
        int d = data.MeasureDim;
        if (d == 0) throw new ArgumentException("the elites have no measures to draw.", nameof(data));
        options.Validate(d);
        if (bounds is not null && bounds.Count != d)
            throw new ArgumentException($"bounds has {bounds.Count} ranges but the elites have {d} measures.", nameof(bounds));
        string title = FigureTitle.Compose(options, kind, data.Count, 0);
        AxisRange[]? ranges = bounds?.Select(b => new AxisRange(b.Lower, b.Upper)).ToArray();
        string[] labels = options.AxisLabels(d);
        double[][] points = Points(data);
        return d switch
        {
            1 => ProfileFigure.Build(new ProfileData(data.MeasureColumn(0), data.Objective) { XRange = ranges?[0], XLabel = labels[0], Title = title }, options.ColorScale),
            2 => ScatterFigure.Build(new ScatterData(points, data.Objective) { XRange = ranges?[0], YRange = ranges?[1], AxisLabels = labels, Title = title }, options.ColorScale, 6f),
            3 => Projection3DFigure.Build(new Projection3DData(points, data.Objective) { Ranges = ranges, AxisLabels = labels, Title = title }, options.ColorScale),
            _ => ParallelAxesFigure.Build(new ParallelAxesData(points, data.Objective) { Ranges = ranges, AxisLabels = labels, Title = title }, options.ColorScale),
        };
    }

    /// <summary>Parallel axes of any archive's elites, with the archive's bounds when it has them.</summary>
    public static Plot ParallelAxes<T>(IArchive<T> archive, ArchiveFigureOptions options)
    {
        int d = archive.MeasureDim;
        options.Validate(d);
        var data = archive.ToData();
        var bounds = Bounds(archive);
        return ParallelAxesFigure.Build(new ParallelAxesData(Points(data), data.Objective)
        {
            Ranges = bounds?.Select(b => new AxisRange(b.Lower, b.Upper)).ToArray(),
            AxisLabels = options.AxisLabels(d),
            Title = FigureTitle.Compose(options, KindOf(archive), data.Count, CellsOf(archive)),
        }, options.ColorScale);
    }

    /// <summary>The 3-D view of any archive over three measures.</summary>
    public static Plot Projection3D<T>(IArchive<T> archive, ArchiveFigureOptions options)
    {
        if (archive.MeasureDim != 3)
            throw new ArgumentException($"a 3-D view needs an archive over 3 measures; this one has {archive.MeasureDim}.", nameof(archive));
        if (archive is CvtArchive<T> cvt) return Cvt(cvt, options);
        options.Validate(3);
        var data = archive.ToData();
        return Projection3DFigure.Build(new Projection3DData(Points(data), data.Objective)
        {
            Ranges = Bounds(archive)?.Select(b => new AxisRange(b.Lower, b.Upper)).ToArray(),
            AxisLabels = options.AxisLabels(3),
            Title = FigureTitle.Compose(options, KindOf(archive), data.Count, CellsOf(archive)),
        }, options.ColorScale);
    }

    /// <summary>The profile of any archive over one measure.</summary>
    public static Plot Profile<T>(IArchive<T> archive, ArchiveFigureOptions options)
    {
        if (archive.MeasureDim != 1)
            throw new ArgumentException($"a profile needs an archive over 1 measure; this one has {archive.MeasureDim}.", nameof(archive));
        return archive switch
        {
            GridArchive<T> grid => Grid(grid, options),
            CvtArchive<T> cvt => Cvt(cvt, options),
            SlidingBoundariesArchive<T> sliding => SlidingBoundaries(sliding, options),
            _ => Elites(archive.ToData(), options, KindOf(archive), Bounds(archive)),
        };
    }

    /// <summary>The figure that suits the archive's kind and number of measures.</summary>
    public static Plot Draw<T>(IArchive<T> archive, ArchiveFigureOptions options)
    {
        int d = archive.MeasureDim;
        return archive switch
        {
            CvtArchive<T> cvt => Cvt(cvt, options),
            CategoricalArchive<T> categorical => Categorical(categorical, options),
            GridArchive<T> grid when d <= 2 => Grid(grid, options),
            SlidingBoundariesArchive<T> sliding when d <= 2 => SlidingBoundaries(sliding, options),
            GridArchive<T> or SlidingBoundariesArchive<T> => ParallelAxes(archive, options),
            _ when d > 3 => ParallelAxes(archive, options),
            _ => Elites(archive.ToData(), options, KindOf(archive), Bounds(archive)),
        };
    }

    public static string KindOf<T>(IArchive<T> archive) => archive switch
    {
        GridArchive<T> => "grid archive",
        CvtArchive<T> => "CVT archive",
        CategoricalArchive<T> => "categorical archive",
        SlidingBoundariesArchive<T> => "sliding-boundaries archive",
        ProximityArchive<T> => "proximity archive",
        DominatedNoveltyArchive<T> => "dominated-novelty archive",
        DensityArchive<T> => "density archive",
        _ => "archive",
    };

    // Coverage is only meaningful for archives of fixed cells.
    private static int CellsOf<T>(IArchive<T> archive) => archive is CellArchive<T> or SlidingBoundariesArchive<T> ? archive.CellCount : 0;

    private static IReadOnlyList<(double Lower, double Upper)>? Bounds<T>(IArchive<T> archive) => archive switch
    {
        GridArchive<T> grid => grid.Axes.Select(a => (a.Lower, a.Upper)).ToArray(),
        CvtArchive<T> cvt => cvt.Ranges,
        SlidingBoundariesArchive<T> sliding => SlidingBounds(sliding),
        _ => null,
    };

    // A remap onto a buffer whose values on an axis are all equal leaves that axis without width: fit the data then.
    private static (double Lower, double Upper)[]? SlidingBounds<T>(SlidingBoundariesArchive<T> archive)
    {
        var bounds = Enumerable.Range(0, archive.MeasureDim).Select(k => (archive.Boundaries(k)[0], archive.Boundaries(k)[^1])).ToArray();
        return bounds.All(b => b.Item2 > b.Item1) ? bounds : null;
    }

    // Drawn grids of more than two measures show the best over the rest; the colorbar says so.
    private static ColorScale HiddenMeasuresScale(ArchiveFigureOptions options, int measureDim) =>
        measureDim <= 2 ? options.ColorScale : options.ColorScale with { Label = $"{options.ValueLabel} (best over measures 3–{measureDim})" };

    private static double[][] Points<T>(ArchiveData<T> data) =>
        Enumerable.Range(0, data.Count).Select(i => data.MeasuresOf(i).ToArray()).ToArray();

    private static AxisRange[] FitRanges(double[] points, int d) => Enumerable.Range(0, d).Select(k =>
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = k; i < points.Length; i += d)
        {
            min = Math.Min(min, points[i]);
            max = Math.Max(max, points[i]);
        }
        return max > min ? new AxisRange(min, max) : new AxisRange(min - 0.5, min + 0.5);
    }).ToArray();

    /// <summary>A 1-D CVT archive's cells are intervals between midpoints of neighbouring centroids.</summary>
    private static ProfileData CvtProfile<T>(double[] centroids, double[] cells, AxisRange? range, ArchiveData<T> data)
    {
        int[] order = Enumerable.Range(0, centroids.Length).OrderBy(i => centroids[i]).ToArray();
        double first = centroids[order[0]], last = centroids[order[^1]];
        var edges = new double[order.Length + 1];
        for (int i = 1; i < order.Length; i++) edges[i] = (centroids[order[i - 1]] + centroids[order[i]]) / 2;
        // Without a range, the outer cells reach as far beyond their centroid as they reach inwards.
        edges[0] = Math.Min(range?.Min ?? (order.Length > 1 ? 2 * first - edges[1] : first - 0.5), first);
        edges[^1] = Math.Max(range?.Max ?? (order.Length > 1 ? 2 * last - edges[^2] : last + 0.5), last);
        return new ProfileData(data.MeasureColumn(0), data.Objective)
        {
            BinEdges = edges,
            BinValues = order.Select(i => cells[i]).ToArray(),
        };
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Export;
using QualityDiversity.Plotting;
using QualityDiversity.Solutions;
using ScottPlot;

namespace QualityDiversity.Experiments.Figures;

/// <summary>
/// The archive figure of a run. From the live archive at the end of a run, or, when a run
/// directory is drawn again, from its exported rows put back into an archive of the configured
/// cells (grid, CVT, categorical); archives without fixed cells (proximity, dominated novelty,
/// density) and sliding boundaries, whose moving bins archive.csv does not record, are drawn by
/// their elites' measures. Colour is the elite's objective; the title names the run, says when
/// the measures are ground truth, and gives the iteration.
/// </summary>
internal static class ArchiveFigureFactory
{
    /// <summary>
    /// The options a run's figure starts from: the run's name as subject, the task's measure
    /// names, "ground-truth measures" for a learned-measure search and the iteration; whatever
    /// <paramref name="user"/> sets wins.
    /// </summary>
    public static ArchiveFigureOptions Defaults(SearchConfig config, ArchiveFigureOptions? user, int measureDim, int? iteration)
    {
        user ??= ArchiveFigureOptions.Default;
        var names = ConfigResolver.CreateTask(config.Task).MeasureNames;
        return user with
        {
            Subject = user.Subject ?? config.Name,
            MeasureNames = user.MeasureNames ?? (names.Count == measureDim ? names : null),
            // A learned-measure search reports its archive re-scored in the task's own measures.
            MeasureSpace = user.MeasureSpace ?? (config.Measures is null ? null : "ground-truth measures"),
            Iteration = user.Iteration ?? iteration,
        };
    }

    /// <summary>The figure of a live archive (the one <paramref name="config"/> reports).</summary>
    public static Plot Create(SearchConfig config, IArchive<double> archive, ArchiveFigureOptions? options, int? iteration) =>
        ArchiveFigures.Draw(archive, Defaults(config, options, archive.MeasureDim, iteration));

    /// <summary>Builds the figure of <paramref name="table"/>, an export of the archive that <paramref name="config"/> reports.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <param name="table">The exported elites.</param>
    /// <param name="options">What the user asked for; null for the defaults.</param>
    /// <param name="iteration">The iteration the export is from, when known.</param>
    /// <exception cref="InvalidDataException">A row does not lie in the cell its index names, so the file does not fit the configuration.</exception>
    public static Plot Create(SearchConfig config, ArchiveCsvTable<double> table, ArchiveFigureOptions? options = null, int? iteration = null)
    {
        var defaults = Defaults(config, options, table.MeasureDim, iteration);
        switch (config.ReportedArchive)
        {
            case GridArchiveConfig grid:
                return ArchiveFigures.Draw(Refill(new GridArchive<double>(Width(table), ArchiveFactory.GridAxes(grid with { Ranges = grid.Ranges ?? TaskRanges(config) })), table), defaults);
            case CvtArchiveConfig cvt:
            {
                var ranges = cvt.Ranges ?? TaskRanges(config);
                var bounds = ranges.Select(r => (r.Low, r.High)).ToArray();
                // The same centroids as the run's: generated from the same cells, ranges, samples and seed.
                var archive = new CvtArchive<double>(Width(table), cvt.Cells, bounds, samples: cvt.Samples, seed: cvt.CentroidsSeed ?? config.Seed);
                return ArchiveFigures.Draw(Refill(archive, table), defaults);
            }
            case CategoricalArchiveConfig categorical:
                return ArchiveFigures.Draw(Refill(new CategoricalArchive<double>(Width(table), categorical.Labels), table), defaults);
            case SlidingBoundariesArchiveConfig:
                return ArchiveFigures.Elites(table.ToData(), defaults with
                {
                    Subject = $"{defaults.Subject} elites (bins move; archive.csv keeps no boundaries)",
                }, TaskBounds(config));
            default:
                return ArchiveFigures.Elites(table.ToData(), defaults, TaskBounds(config));
        }
    }

    // An archive needs a positive solution width even when the file has no rows to tell it.
    private static int Width(ArchiveCsvTable<double> table) => Math.Max(1, table.SolutionWidth);

    /// <summary>Adds the rows to the empty archive and checks that each landed in the cell its index names.</summary>
    private static TArchive Refill<TArchive>(TArchive archive, ArchiveCsvTable<double> table) where TArchive : CellArchive<double>
    {
        var data = table.ToData();
        if (data.Count == 0) return archive;
        if (data.MeasureDim != archive.MeasureDim || data.SolutionWidth != archive.SolutionWidth)
            throw new InvalidDataException($"archive.csv has {data.MeasureDim} measures and solutions of {data.SolutionWidth}, but the configured archive has {archive.MeasureDim} and {archive.SolutionWidth}.");
        for (int i = 0; i < data.Count; i++)
        {
            int cell = archive.CellOf(data.MeasuresOf(i));
            if (cell != data.Index[i])
                throw new InvalidDataException($"archive.csv does not fit the configured archive: row {i + 1} names cell {data.Index[i]}, but its measures lie in cell {cell}.");
        }
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(data.Solutions, data.SolutionWidth), data.Objective, data.Measures));
        return archive;
    }

    private static ValueRange[] TaskRanges(SearchConfig config) => ConfigResolver.TaskRanges(ConfigResolver.CreateTask(config.Task));

    private static (double Lower, double Upper)[] TaskBounds(SearchConfig config) => TaskRanges(config).Select(r => (r.Low, r.High)).ToArray();
}

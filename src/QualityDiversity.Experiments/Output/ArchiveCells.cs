using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;

namespace QualityDiversity.Experiments.Output;

/// <summary>
/// The cells of a run's reported archive as its configuration fixes them: how many, and a
/// description that two runs share exactly when their cells are the same.
/// </summary>
internal static class ArchiveCells
{
    /// <summary>The cell count and layout of <paramref name="config"/>'s reported archive, or null when its cells are not fixed by the configuration.</summary>
    public static (int Cells, string Layout)? Of(SearchConfig config)
    {
        var text = CultureInfo.InvariantCulture;
        switch (config.ReportedArchive)
        {
            case GridArchiveConfig grid when grid.Ranges is not null || grid.Edges is not null:
            {
                var axes = ArchiveFactory.GridAxes(grid);
                return (axes.Aggregate(1, (n, a) => n * a.Bins), "grid " + string.Join(" | ", axes.Select(a => string.Join(' ', a.Edges.ToArray().Select(e => e.ToString("R", text))))));
            }
            case CvtArchiveConfig cvt when cvt.Ranges is not null:
                // The centroids follow from the cells, ranges, samples and seed.
                return (cvt.Cells, string.Create(text, $"cvt {cvt.Cells} {cvt.Samples} {cvt.CentroidsSeed ?? config.Seed} {string.Join(' ', cvt.Ranges.Select(r => $"{r.Low:R} {r.High:R}"))}"));
            case CategoricalArchiveConfig categorical:
                return (categorical.Labels.Aggregate(1, (n, axis) => n * axis.Length), "categorical " + string.Join(" | ", categorical.Labels.Select(axis => string.Join('\u001f', axis))));
            default:
                return null;
        }
    }
}

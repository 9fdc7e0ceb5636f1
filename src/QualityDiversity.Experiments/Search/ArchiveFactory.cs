using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Domains;

namespace QualityDiversity.Experiments.Search;

/// <summary>Creates Core archives from archive configurations.</summary>
internal static class ArchiveFactory
{
    /// <summary>Creates the archive described by <paramref name="config"/> for <paramref name="task"/>.</summary>
    /// <param name="config">A resolved archive configuration.</param>
    /// <param name="path">Field path of the section, for error messages.</param>
    /// <param name="task">The task whose solutions and measures the archive stores.</param>
    /// <exception cref="ConfigException">The archive rejected its settings.</exception>
    public static IArchive<double> Create(ArchiveConfig config, string path, IBenchmarkTask task)
    {
        var options = new ArchiveOptions<double>
        {
            LearningRate = config.LearningRate,
            ThresholdMin = config.ThresholdMin,
            QdScoreOffset = config.QdScoreOffset,
            EliteReplacement = config.EliteReplacement,
        };
        try
        {
            return config switch
            {
                GridArchiveConfig grid => new GridArchive<double>(task.SolutionDim, GridAxes(grid), options),
                CvtArchiveConfig cvt => new CvtArchive<double>(task.SolutionDim, cvt.Cells, cvt.Ranges!.Select(r => (r.Low, r.High)).ToArray(),
                    options, cvt.Samples, cvt.CentroidsSeed!.Value),
                ProximityArchiveConfig p => new ProximityArchive<double>(task.SolutionDim, task.MeasureDim, p.NoveltyThreshold, p.K,
                    p.LocalCompetition, p.Capacity, p.Capacity, options),
                CategoricalArchiveConfig c => new CategoricalArchive<double>(task.SolutionDim, c.Labels, options),
                SlidingBoundariesArchiveConfig s => new SlidingBoundariesArchive<double>(task.SolutionDim, s.Dims, s.Ranges!.Select(r => (r.Low, r.High)).ToArray(),
                    s.RemapFrequency, s.BufferCapacity, options),
                DominatedNoveltyArchiveConfig dns => new DominatedNoveltyArchive<double>(task.SolutionDim, task.MeasureDim, dns.Capacity, dns.K, options),
                DensityArchiveConfig density => new DensityArchive<double>(task.SolutionDim, task.MeasureDim, density.Bandwidth,
                    unchecked((ulong)density.BufferSeed!.Value), density.BufferSize, options, density.Reservoir),
                _ => throw new ConfigException($"{path}.{ConfigKeys.TypeKey}", $"archive type '{config.Type}' is not supported."),
            };
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(path, ConfigResolver.PlainMessage(e));
        }
    }

    /// <summary>The axes of a resolved grid configuration.</summary>
    public static GridAxis[] GridAxes(GridArchiveConfig grid) =>
        grid.Edges is not null
            ? grid.Edges.Select((edges, d) => GridAxis.FromEdges(edges, $"measure axis {d}")).ToArray()
            : grid.Dims!.Select((bins, d) => GridAxis.Uniform(bins, grid.Ranges![d].Low, grid.Ranges[d].High, $"measure axis {d}")).ToArray();
}

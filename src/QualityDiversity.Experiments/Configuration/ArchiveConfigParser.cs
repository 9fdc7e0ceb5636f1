using System.Text.Json;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Parses <c>archive</c> and <c>result_archive</c> sections, dispatching on <c>type</c>.</summary>
internal static class ArchiveConfigParser
{
    private static readonly string[] CommonKeys = [TypeKey, LearningRate, ThresholdMin, QdScoreOffset, EliteReplacementKey];

    private static readonly Dictionary<string, (string[] Keys, Func<JsonSection, ArchiveConfig> Parse)> Types = new(StringComparer.Ordinal)
    {
        [GridArchiveConfig.TypeName] = ([Dims, Ranges, Edges], ParseGrid),
        [CvtArchiveConfig.TypeName] = ([Cells, Samples, CentroidsSeed, Ranges], ParseCvt),
        [ProximityArchiveConfig.TypeName] = ([K, NoveltyThreshold, LocalCompetition, Capacity], ParseProximity),
        [CategoricalArchiveConfig.TypeName] = ([Labels], ParseCategorical),
        [SlidingBoundariesArchiveConfig.TypeName] = ([Dims, Ranges, RemapFrequency, BufferCapacity], ParseSlidingBoundaries),
        [DominatedNoveltyArchiveConfig.TypeName] = ([Capacity, K], ParseDominatedNovelty),
        [DensityArchiveConfig.TypeName] = ([Bandwidth, BufferSize, BufferSeed, Reservoir], ParseDensity),
    };

    /// <summary>The archive type names accepted in <c>type</c>.</summary>
    public static IReadOnlyCollection<string> TypeNames => Types.Keys;

    /// <summary>Parses one archive section.</summary>
    public static ArchiveConfig Parse(JsonSection section)
    {
        string type = section.RequiredString(TypeKey);
        if (!Types.TryGetValue(type, out var entry))
            throw new ConfigException(section.Child(TypeKey), $"unknown archive type '{type}'. Known types: {string.Join(", ", Types.Keys)}.");
        section.CheckKeys([.. CommonKeys, .. entry.Keys]);

        var config = entry.Parse(section);
        double learningRate = section.Double(LearningRate, 1.0);
        if (!(learningRate > 0 && learningRate <= 1))
            throw new ConfigException(section.Child(LearningRate), $"must be in (0, 1], got {learningRate}.");
        double thresholdMin = section.Get(ThresholdMin) is { } t ? JsonValues.Double(t, section.Child(ThresholdMin)) : double.NegativeInfinity;
        if (double.IsNegativeInfinity(thresholdMin) && learningRate != 1.0)
            throw new ConfigException(section.Child(LearningRate),
                $"is {learningRate}, but a learning rate below 1 needs a finite threshold_min (CMA-MAE soft thresholds); with threshold_min null it must be 1.");
        if (!HasCells(config) && (learningRate != 1.0 || !double.IsNegativeInfinity(thresholdMin)))
            throw new ConfigException(section.Child(section.Has(ThresholdMin) ? ThresholdMin : LearningRate),
                $"a {config.Type} archive has no soft thresholds; leave learning_rate at 1 and threshold_min null.");
        return config with
        {
            LearningRate = learningRate,
            ThresholdMin = thresholdMin,
            QdScoreOffset = section.Double(QdScoreOffset, 0.0),
            EliteReplacement = ParseEliteReplacement(section, config),
        };
    }

    /// <summary>The names of <see cref="QualityDiversity.Archives.EliteReplacement"/> in configuration files.</summary>
    public const string ReplaceOnThreshold = "threshold", ReplaceOnObjective = "objective";

    private static QualityDiversity.Archives.EliteReplacement? ParseEliteReplacement(JsonSection section, ArchiveConfig config)
    {
        string? value = section.OptionalString(EliteReplacementKey);
        if (value is null) return null;
        if (!HasCells(config))
            throw new ConfigException(section.Child(EliteReplacementKey), $"applies to archives with soft thresholds (grid, cvt, categorical), not to '{config.Type}'.");
        return value switch
        {
            ReplaceOnThreshold => QualityDiversity.Archives.EliteReplacement.ClearsThreshold,
            ReplaceOnObjective => QualityDiversity.Archives.EliteReplacement.BetterObjective,
            _ => throw new ConfigException(section.Child(EliteReplacementKey), $"must be '{ReplaceOnThreshold}' or '{ReplaceOnObjective}', got '{value}'."),
        };
    }

    private static GridArchiveConfig ParseGrid(JsonSection section)
    {
        int[]? dims = section.Get(Dims) is { } d
            ? JsonValues.Array(d, section.Child(Dims)).Select(x => JsonValues.Int(x.Element, x.Path, min: 1)).ToArray()
            : null;
        var ranges = ParseRanges(section);
        double[][]? edges = section.Get(Edges) is { } e ? ParseEdges(e, section.Child(Edges)) : null;

        if (edges is not null)
        {
            if (dims is not null) throw new ConfigException(section.Child(Dims), "give either dims (with ranges) or edges, not both.");
            if (ranges is not null) throw new ConfigException(section.Child(Ranges), "give either ranges (with dims) or edges, not both.");
        }
        else
        {
            if (dims is null) throw new ConfigException(section.Child(Dims), "is required (bins per measure axis), unless edges are given.");
            if (dims.Length == 0) throw new ConfigException(section.Child(Dims), "must list at least one axis.");
            if (ranges is not null && ranges.Length != dims.Length)
                throw new ConfigException(section.Child(Ranges), $"has {ranges.Length} entries but dims has {dims.Length}; give one range per measure axis.");
            CheckCellCount(dims, section.Child(Dims));
            CheckSplittable(ranges, dims, section.Child(Ranges));
        }
        return new GridArchiveConfig { Dims = dims, Ranges = ranges, Edges = edges };
    }

    private static CvtArchiveConfig ParseCvt(JsonSection section)
    {
        int cells = section.RequiredInt(Cells, min: 1);
        if (cells > MaxCells) throw new ConfigException(section.Child(Cells), $"must be at most {MaxCells:N0}, got {cells}.");
        int samples = section.Int(Samples, Math.Max(cells, QualityDiversity.Archives.CvtCentroids.DefaultSamples), min: 1);
        if (samples < cells)
            throw new ConfigException(section.Child(Samples), $"must be at least the number of cells ({cells}), got {samples}.");
        return new CvtArchiveConfig
        {
            Cells = cells,
            Samples = samples,
            CentroidsSeed = section.OptionalLong(CentroidsSeed),
            Ranges = ParseRanges(section),
        };
    }

    // Archives of fixed cells with CMA-MAE soft thresholds.
    private static bool HasCells(ArchiveConfig config) => config is GridArchiveConfig or CvtArchiveConfig or CategoricalArchiveConfig;

    private static SlidingBoundariesArchiveConfig ParseSlidingBoundaries(JsonSection section)
    {
        int[] dims = JsonValues.Array(section.Required(Dims), section.Child(Dims)).Select(x => JsonValues.Int(x.Element, x.Path, min: 1)).ToArray();
        if (dims.Length == 0) throw new ConfigException(section.Child(Dims), "must list at least one axis.");
        CheckCellCount(dims, section.Child(Dims));
        var ranges = ParseRanges(section);
        CheckSplittable(ranges, dims, section.Child(Ranges));
        if (ranges is not null && ranges.Length != dims.Length)
            throw new ConfigException(section.Child(Ranges), $"has {ranges.Length} entries but dims has {dims.Length}; give one range per measure axis.");
        return new SlidingBoundariesArchiveConfig
        {
            Dims = dims,
            Ranges = ranges,
            RemapFrequency = section.Int(RemapFrequency, QualityDiversity.Archives.SlidingBoundariesArchive<double>.DefaultRemapFrequency, min: 1),
            BufferCapacity = section.Int(BufferCapacity, QualityDiversity.Archives.SlidingBoundariesArchive<double>.DefaultBufferCapacity, min: 1),
        };
    }

    private static DominatedNoveltyArchiveConfig ParseDominatedNovelty(JsonSection section) => new()
    {
        Capacity = section.RequiredInt(Capacity, min: 1),
        K = section.Int(K, QualityDiversity.Archives.DominatedNoveltyArchive<double>.DefaultNeighbors, min: 1),
    };

    private static DensityArchiveConfig ParseDensity(JsonSection section)
    {
        double bandwidth = section.RequiredDouble(Bandwidth);
        if (!(bandwidth > 0)) throw new ConfigException(section.Child(Bandwidth), $"must be positive, got {bandwidth}.");
        return new DensityArchiveConfig
        {
            Bandwidth = bandwidth,
            BufferSize = section.Int(BufferSize, QualityDiversity.Archives.DensityArchive<double>.DefaultBufferSize, min: 1),
            BufferSeed = section.OptionalLong(BufferSeed),
            Reservoir = ParseReservoir(section),
        };
    }

    /// <summary>The names of <see cref="QualityDiversity.Archives.ReservoirRule"/> in configuration files.</summary>
    public const string ReservoirUniform = "uniform", ReservoirPyribs = "pyribs";

    private static QualityDiversity.Archives.ReservoirRule ParseReservoir(JsonSection section) =>
        section.OptionalString(Reservoir) switch
        {
            null or ReservoirUniform => QualityDiversity.Archives.ReservoirRule.Uniform,
            ReservoirPyribs => QualityDiversity.Archives.ReservoirRule.Pyribs,
            var other => throw new ConfigException(section.Child(Reservoir), $"must be '{ReservoirUniform}' or '{ReservoirPyribs}', got '{other}'."),
        };

    private static ProximityArchiveConfig ParseProximity(JsonSection section)
    {
        double threshold = section.RequiredDouble(NoveltyThreshold);
        if (!(threshold > 0)) throw new ConfigException(section.Child(NoveltyThreshold), $"must be positive, got {threshold}.");
        return new ProximityArchiveConfig
        {
            K = section.Int(K, QualityDiversity.Archives.ProximityArchive<double>.DefaultNeighbors, min: 1),
            NoveltyThreshold = threshold,
            LocalCompetition = section.Bool(LocalCompetition, false),
            Capacity = section.Int(Capacity, QualityDiversity.Archives.ProximityArchive<double>.DefaultInitialCapacity, min: 1),
        };
    }

    private static CategoricalArchiveConfig ParseCategorical(JsonSection section)
    {
        string path = section.Child(Labels);
        var axes = new List<string[]>();
        foreach (var (axis, axisPath) in JsonValues.Array(section.Required(Labels), path))
        {
            var labels = JsonValues.Array(axis, axisPath).Select(x => JsonValues.String(x.Element, x.Path)).ToArray();
            if (labels.Length == 0) throw new ConfigException(axisPath, "needs at least one label.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < labels.Length; i++)
            {
                if (!seen.Add(labels[i])) throw new ConfigException($"{axisPath}[{i}]", $"label '{labels[i]}' appears twice on this axis.");
            }
            axes.Add(labels);
        }
        if (axes.Count == 0) throw new ConfigException(path, "must list at least one axis.");
        CheckCellCount(axes.Select(a => a.Length).ToArray(), path);
        return new CategoricalArchiveConfig { Labels = [.. axes] };
    }

    /// <summary>Parses an optional <c>ranges</c> key: one [low, high] pair per measure axis.</summary>
    public static ValueRange[]? ParseRanges(JsonSection section)
    {
        if (section.Get(Ranges) is not { } element) return null;
        var ranges = JsonValues.Array(element, section.Child(Ranges)).Select(x => ParseRange(x.Element, x.Path)).ToArray();
        return ranges.Length > 0 ? ranges : throw new ConfigException(section.Child(Ranges), "must list at least one axis.");
    }

    private static ValueRange ParseRange(JsonElement element, string path)
    {
        var pair = JsonValues.Array(element, path).Select(x => JsonValues.Double(x.Element, x.Path)).ToArray();
        if (pair.Length != 2) throw new ConfigException(path, $"expected [low, high], got {pair.Length} numbers.");
        if (!(pair[0] < pair[1])) throw new ConfigException(path, $"low ({pair[0]}) must be below high ({pair[1]}).");
        if (!double.IsFinite(pair[1] - pair[0])) throw new ConfigException(path, $"[{pair[0]}, {pair[1]}] is too wide: high - low must be a finite number.");
        return new ValueRange(pair[0], pair[1]);
    }

    // Equal bins over a range multiply its width by up to the bin count, which must stay finite.
    private static void CheckSplittable(ValueRange[]? ranges, int[] dims, string path)
    {
        if (ranges is null) return;
        for (int i = 0; i < ranges.Length && i < dims.Length; i++)
            if (!double.IsFinite((ranges[i].High - ranges[i].Low) * dims[i]))
                throw new ConfigException($"{path}[{i}]", $"[{ranges[i].Low}, {ranges[i].High}] is too wide to split into {dims[i]} bins: its width times the bins must be a finite number.");
    }

    private static double[][] ParseEdges(JsonElement element, string path)
    {
        var axes = new List<double[]>();
        foreach (var (axis, axisPath) in JsonValues.Array(element, path))
        {
            double[] edges = JsonValues.Doubles(axis, axisPath);
            if (edges.Length < 2) throw new ConfigException(axisPath, $"needs at least 2 bin edges, got {edges.Length}.");
            for (int i = 1; i < edges.Length; i++)
            {
                if (!(edges[i] > edges[i - 1]))
                    throw new ConfigException($"{axisPath}[{i}]", $"bin edges must be strictly increasing, but {edges[i]} follows {edges[i - 1]}.");
            }
            axes.Add(edges);
        }
        if (axes.Count == 0) throw new ConfigException(path, "must list at least one axis.");
        CheckCellCount(axes.Select(a => a.Length - 1).ToArray(), path);
        return [.. axes];
    }

    private static void CheckCellCount(int[] bins, string path)
    {
        long cells = 1;
        foreach (int b in bins)
        {
            cells *= b;
            if (cells > MaxCells) throw new ConfigException(path, $"the grid would have more than {MaxCells:N0} cells.");
        }
    }

    /// <summary>Largest number of cells an archive may have.</summary>
    public const int MaxCells = int.MaxValue / 4;
}

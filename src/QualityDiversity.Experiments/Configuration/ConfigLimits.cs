using System.Globalization;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Upper limits on the sizes a configuration may ask for, checked before anything is allocated: a
/// mistyped count fails with the field named instead of exhausting memory. The limits are far
/// above what any shipped example or paper setting uses.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Largest solution dimension (<c>task.dim</c>).</summary>
    public const int MaxSolutionDim = 100_000;

    /// <summary>Largest batch of one emitter (<c>emitters[i].batch_size</c>) and of a text search.</summary>
    public const int MaxBatchSize = 100_000;

    /// <summary>Most replicas of one emitter (<c>emitters[i].count</c>).</summary>
    public const int MaxEmitterCount = 10_000;

    /// <summary>Largest initial population (<c>initial_population.count</c>).</summary>
    public const int MaxInitialPopulation = 10_000_000;

    /// <summary>Most cells of an archive (the product of a grid's bins, a CVT's cells).</summary>
    public const long MaxCells = 100_000_000;

    /// <summary>Most samples clustered into a CVT archive's centroids.</summary>
    public const int MaxCvtSamples = 10_000_000;

    /// <summary>Most judgments a learned-measure search may ask for (<c>measures.judgments</c>).</summary>
    public const int MaxJudgments = 10_000_000;

    /// <summary>Widest hidden layer of a learned measure model, and most hidden layers.</summary>
    public const int MaxHiddenWidth = 16_384, MaxHiddenLayers = 16;

    /// <summary>Largest mutation width (<c>sigma</c>, <c>sigma0</c>, <c>iso_sigma</c>, <c>line_sigma</c>).</summary>
    public const double MaxSigma = 1e9;

    /// <summary>Longest time in seconds (timeouts and back-offs): one day.</summary>
    public const double MaxSeconds = 86_400;

    /// <summary>Largest configuration or judgments file read: 64 MiB.</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Throws when <paramref name="value"/> is above <paramref name="max"/>.</summary>
    internal static void AtMost(long value, long max, string path, string what)
    {
        if (value > max)
            throw new ConfigException(path, string.Create(CultureInfo.InvariantCulture, $"{value:N0} {what} is more than the limit of {max:N0}."));
    }

    /// <summary>Throws when a width is not finite or above <see cref="MaxSigma"/>.</summary>
    internal static void Width(double value, string path)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxSigma)
            throw new ConfigException(path, string.Create(CultureInfo.InvariantCulture, $"must be a finite width of at most {MaxSigma:G}, got {value:R}."));
    }

    /// <summary>A duration in seconds, positive and at most <see cref="MaxSeconds"/>.</summary>
    internal static TimeSpan Seconds(double seconds, string path, bool zeroAllowed = false)
    {
        if (!(seconds > 0 || (zeroAllowed && seconds == 0)) || seconds > MaxSeconds)
            throw new ConfigException(path, string.Create(CultureInfo.InvariantCulture, $"must be {(zeroAllowed ? "0" : "above 0")} to {MaxSeconds:0} seconds, got {seconds:R}."));
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Checks the sizes of a vector or learned-measure search.</summary>
    internal static void Check(SearchConfig config)
    {
        AtMost(config.Task.Dim, MaxSolutionDim, $"{TaskKey}.{Dim}", "dimensions");
        if (config.InitialPopulation is { } population) AtMost(population.Count, MaxInitialPopulation, $"{InitialPopulation}.{Count}", "solutions");
        CheckArchive(config.Archive, Archive);
        if (config.ResultArchive is { } result) CheckArchive(result, ResultArchive);
        for (int i = 0; i < config.Emitters.Count; i++)
        {
            var emitter = config.Emitters[i];
            string path = $"{EmittersKey}[{i}]";
            AtMost(emitter.BatchSize, MaxBatchSize, $"{path}.{BatchSize}", "solutions per batch");
            AtMost(emitter.Count, MaxEmitterCount, $"{path}.{Count}", "emitters");
            AtMost((long)emitter.BatchSize * emitter.Count, MaxBatchSize * 10L, path, "solutions per iteration (batch_size x count)");
            if (emitter.InitialSolutions is { } initial) AtMost(initial.Count, MaxInitialPopulation, $"{path}.{InitialSolutions}.{Count}", "solutions");
            switch (emitter)
            {
                case GaussianEmitterConfig gaussian:
                    for (int j = 0; j < gaussian.Sigma.Length; j++) Width(gaussian.Sigma[j], gaussian.Sigma.Length == 1 ? $"{path}.{Sigma}" : $"{path}.{Sigma}[{j}]");
                    break;
                case IsoLineEmitterConfig iso:
                    Width(iso.IsoSigma, $"{path}.{IsoSigma}");
                    Width(iso.LineSigma, $"{path}.{LineSigma}");
                    break;
                case EvolutionStrategyEmitterConfig es:
                    Width(es.Sigma0, $"{path}.{Sigma0}");
                    break;
            }
        }
        if (config.Measures is { } measures)
        {
            AtMost(measures.Judgments, MaxJudgments, $"{MeasuresKey}.{Judgments}", "judgments");
            Hidden(measures.Hidden, $"{MeasuresKey}.{Hidden}");
        }
    }

    /// <summary>Checks hidden layer sizes.</summary>
    internal static void Hidden(IReadOnlyList<int> hidden, string path)
    {
        AtMost(hidden.Count, MaxHiddenLayers, path, "hidden layers");
        for (int i = 0; i < hidden.Count; i++) AtMost(hidden[i], MaxHiddenWidth, $"{path}[{i}]", "units");
    }

    private static void CheckArchive(ArchiveConfig archive, string path)
    {
        if (archive is GridArchiveConfig { Dims: { } dims })
        {
            long cells = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                AtMost(dims[i], MaxCells, $"{path}.{Dims}[{i}]", "bins");
                cells = Math.Min(cells * Math.Max(dims[i], 1), MaxCells + 1);
            }
            AtMost(cells, MaxCells, $"{path}.{Dims}", "cells");
        }
        else if (archive is CvtArchiveConfig cvt)
        {
            AtMost(cvt.Cells, MaxCells, $"{path}.{Cells}", "cells");
            AtMost(cvt.Samples, MaxCvtSamples, $"{path}.{Samples}", "samples");
        }
    }
}

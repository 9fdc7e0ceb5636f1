using QualityDiversity.Domains;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Checks a parsed configuration against its task (measure and solution dimensions) and fills in
/// the defaults that come from the task, giving the fully resolved configuration that a run
/// writes to its output directory.
/// </summary>
internal static class ConfigResolver
{
    /// <summary>Resolves <paramref name="config"/>.</summary>
    /// <exception cref="ConfigException">A field does not fit the task.</exception>
    public static SearchConfig Resolve(SearchConfig config)
    {
        ConfigLimits.Check(config);
        var task = CreateTask(config.Task);
        if (config.Scheduler is BanditSchedulerConfig bandit)
        {
            int emitters = config.Emitters.Sum(e => e.Count);
            if (bandit.NumActive > emitters)
                throw new ConfigException($"{SchedulerKey}.{NumActive}",
                    $"is {bandit.NumActive} but the search has only {emitters} emitter{(emitters == 1 ? "" : "s")} (replicas included); a bandit activates at most all of them.");
        }
        if (config.Measures is not null) CheckLearnedMeasures(config, task);
        if (config.Archive is DensityArchiveConfig && config.ResultArchive is null)
            throw new ConfigException(ResultArchive, "is required with a density archive, which keeps no elites: the result archive holds them and the emitters draw from it.");
        if (config.ResultArchive is DensityArchiveConfig)
            throw new ConfigException($"{ResultArchive}.{TypeKey}", "a density archive keeps no elites, so it cannot be the result archive.");
        return config with
        {
            Task = new TaskConfig(task.Id, task.SolutionDim),
            Archive = ResolveArchive(config.Archive, Archive, task, config.Seed),
            ResultArchive = config.ResultArchive is null ? null : ResolveArchive(config.ResultArchive, ResultArchive, task, config.Seed),
            InitialPopulation = ResolveInitial(config.InitialPopulation, InitialPopulation, task),
            Emitters = config.Emitters.Select((e, i) => ResolveEmitter(e, $"{EmittersKey}[{i}]", task)).ToArray(),
        };
    }

    // A learned-measure search rebuilds one grid archive and one emitter at every update, and
    // learns from the features the task keeps.
    private static void CheckLearnedMeasures(SearchConfig config, IBenchmarkTask task)
    {
        if (task.FeatureDim == 0)
            throw new ConfigException($"{MeasuresKey}.{TypeKey}", $"needs a task that keeps features for learned measures; task '{task.Id}' keeps none (arm and maze do).");
        if (config.Archive is not GridArchiveConfig)
            throw new ConfigException($"{Archive}.{TypeKey}", $"a search with a '{MeasuresKey}' section needs a grid archive (its dims are reused for every learned space and for ground-truth scoring), not '{config.Archive.Type}'.");
        if (config.ResultArchive is not null)
            throw new ConfigException(ResultArchive, $"is not supported with a '{MeasuresKey}' section; ground-truth scoring keeps its own archives.");
        if (config.Emitters.Count != 1 || config.Emitters[0].Count != 1)
            throw new ConfigException(EmittersKey, $"a search with a '{MeasuresKey}' section takes exactly one emitter (count 1), rebuilt at every measure update.");
        if (config.Emitters[0] is GradientArborescenceEmitterConfig or GradientOperatorEmitterConfig)
            throw new ConfigException($"{EmittersKey}[0].{TypeKey}", $"emitter type '{config.Emitters[0].Type}' needs measure gradients, which learned measures do not give.");
        if (config.Scheduler is not PlainSchedulerConfig)
            throw new ConfigException(SchedulerKey, $"a search with a '{MeasuresKey}' section uses the plain scheduler.");
        if (config.InitialPopulation is null)
            throw new ConfigException(InitialPopulation, $"is required with a '{MeasuresKey}' section: the first measure space is fitted to it.");
        if (config.Measures!.Iterations is { } updates && updates[^1] > config.Iterations)
            throw new ConfigException($"{MeasuresKey}.{Schedule}", $"schedules an update at iteration {updates[^1]}, after the run's last ({config.Iterations}).");
    }

    /// <summary>Creates the benchmark task described by <paramref name="config"/>.</summary>
    /// <exception cref="ConfigException">The name is unknown or the dimension does not suit the task.</exception>
    public static IBenchmarkTask CreateTask(TaskConfig config)
    {
        if (!BenchmarkTasks.IsKnown(config.Name))
            throw new ConfigException($"{TaskKey}.{Name}",
                $"unknown task '{config.Name}'. Known tasks: {string.Join(", ", BenchmarkTasks.Names)} (aliases: sphere, rastrigin).");
        try
        {
            return BenchmarkTasks.Create(config.Name, config.Dim);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{TaskKey}.{Dim}", $"{config.Dim} does not suit task '{config.Name}': {PlainMessage(e)}");
        }
    }

    private static ArchiveConfig ResolveArchive(ArchiveConfig archive, string path, IBenchmarkTask task, long seed) => archive switch
    {
        GridArchiveConfig grid => ResolveGrid(grid, path, task),
        CvtArchiveConfig cvt => ResolveCvt(cvt, path, task, seed),
        ProximityArchiveConfig proximity => proximity,
        DominatedNoveltyArchiveConfig dns => dns,
        DensityArchiveConfig density => density with { BufferSeed = density.BufferSeed ?? seed },
        SlidingBoundariesArchiveConfig sliding => ResolveSliding(sliding, path, task),
        CategoricalArchiveConfig => throw new ConfigException($"{path}.{TypeKey}",
            $"a categorical archive needs a task with categorical measures, but task '{task.Id}' has {task.MeasureDim} continuous measures " +
            $"and no built-in task ({string.Join(", ", BenchmarkTasks.Names)}) yields categorical measures. Use a grid, cvt or proximity archive."),
        _ => throw new ConfigException($"{path}.{TypeKey}", $"archive type '{archive.Type}' is not supported yet."),
    };

    private static GridArchiveConfig ResolveGrid(GridArchiveConfig grid, string path, IBenchmarkTask task)
    {
        int measures = task.MeasureDim;
        if (grid.Edges is not null)
        {
            if (grid.Edges.Length != measures)
                throw new ConfigException($"{path}.{Edges}", $"has {grid.Edges.Length} axes but task '{task.Id}' has {measures} measures.");
            return grid;
        }
        int[] dims = grid.Dims!;
        if (dims.Length != measures)
            throw new ConfigException($"{path}.{Dims}", $"has {dims.Length} entries but task '{task.Id}' has {measures} measures; give one bin count per measure.");
        return grid with { Ranges = grid.Ranges ?? TaskRanges(task) };
    }

    private static SlidingBoundariesArchiveConfig ResolveSliding(SlidingBoundariesArchiveConfig sliding, string path, IBenchmarkTask task)
    {
        if (sliding.Dims.Length != task.MeasureDim)
            throw new ConfigException($"{path}.{Dims}", $"has {sliding.Dims.Length} entries but task '{task.Id}' has {task.MeasureDim} measures; give one bin count per measure.");
        return sliding with { Ranges = sliding.Ranges ?? TaskRanges(task) };
    }

    private static CvtArchiveConfig ResolveCvt(CvtArchiveConfig cvt, string path, IBenchmarkTask task, long seed)
    {
        if (cvt.Ranges is { } ranges && ranges.Length != task.MeasureDim)
            throw new ConfigException($"{path}.{Ranges}", $"has {ranges.Length} entries but task '{task.Id}' has {task.MeasureDim} measures; give one range per measure.");
        return cvt with { Ranges = cvt.Ranges ?? TaskRanges(task), CentroidsSeed = cvt.CentroidsSeed ?? seed };
    }

    /// <summary>The task's measure ranges as configuration ranges.</summary>
    public static ValueRange[] TaskRanges(IBenchmarkTask task) =>
        task.MeasureRanges.Select(r => new ValueRange(r.Lower, r.Upper)).ToArray();

    private static EmitterConfig ResolveEmitter(EmitterConfig emitter, string path, IBenchmarkTask task)
    {
        int dim = task.SolutionDim;
        if (emitter is GaussianEmitterConfig gaussian) CheckWidth(gaussian.Sigma, $"{path}.{Sigma}", dim);
        if (emitter.X0 is { } x0 && x0.Length != dim)
            throw new ConfigException($"{path}.{X0}", $"has {x0.Length} values but the solution dimension is {dim}.");
        if (emitter.Bounds is { } bounds) CheckWidth(bounds.Low, $"{path}.{Bounds}", dim);

        var initial = ResolveInitial(emitter.InitialSolutions, $"{path}.{InitialSolutions}", task);
        if (emitter is GradientArborescenceEmitterConfig or GradientOperatorEmitterConfig && task is not QualityDiversity.Evaluation.Gradients.IGradientEvaluator<double>)
            throw new ConfigException($"{path}.{TypeKey}", $"emitter type '{emitter.Type}' needs the gradients of the objective and measures, which task '{task.Id}' does not give.");
        if (emitter is GradientArborescenceEmitterConfig && emitter.Bounds is not null)
            throw new ConfigException($"{path}.{Bounds}", "a gradient-arborescence emitter takes no solution bounds (as in pyribs: bounding CMA-MEGA's solutions is an open problem).");
        if (emitter is EvolutionStrategyEmitterConfig && emitter.BatchSize == EmitterConfigParser.UnsetBatchSize)
            return emitter with { InitialSolutions = initial, BatchSize = EvolutionStrategyEmitterConfig.DefaultPopulationSize(dim) };
        if (emitter is GradientArborescenceEmitterConfig && emitter.BatchSize == EmitterConfigParser.UnsetBatchSize)
            return emitter with { InitialSolutions = initial, BatchSize = EvolutionStrategyEmitterConfig.DefaultPopulationSize(task.MeasureDim + 1) };
        return emitter with { InitialSolutions = initial };
    }

    // Fills the task's initial range into an initial-solutions section and checks its box.
    private static InitialSolutionsConfig? ResolveInitial(InitialSolutionsConfig? initial, string initialPath, IBenchmarkTask task)
    {
        if (initial is null) return null;
        int dim = task.SolutionDim;
        double[] low = initial.Low ?? [task.InitialRange.Lower];
        double[] high = initial.High ?? [task.InitialRange.Upper];
        CheckWidth(low, $"{initialPath}.{Low}", dim);
        CheckWidth(high, $"{initialPath}.{High}", dim);
        for (int j = 0; j < dim; j++)
        {
            double lo = low[low.Length == 1 ? 0 : j], hi = high[high.Length == 1 ? 0 : j];
            if (!(lo < hi))
                throw new ConfigException(initialPath, $"low ({lo}) must be below high ({hi}){(low.Length == 1 && high.Length == 1 ? string.Empty : $" in dimension {j}")}.");
        }
        return initial with { Low = low, High = high };
    }

    private static void CheckWidth(double[] values, string path, int dim)
    {
        if (values.Length != 1 && values.Length != dim)
            throw new ConfigException(path, $"has {values.Length} values; give one value, or one per solution dimension ({dim}).");
    }

    /// <summary>An exception message without the " (Parameter 'x')" and "Actual value was" parts.</summary>
    public static string PlainMessage(Exception e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        cut = message.IndexOf("\nActual value was", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        return message.Trim();
    }
}

using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// Builds a runnable search from a resolved configuration. Building is deterministic: the same
/// configuration always gives the same initial state (initial solutions are drawn from streams of
/// the run seed), which is what lets <c>qd resume</c> rebuild a search and load its checkpoint.
/// </summary>
internal static class SearchBuilder
{
    // Emitters use streams 0, 1, 2, ...; the initial population draws from one far beyond them.
    private const int InitialPopulationStream = 1 << 30;

    /// <summary>Builds the search.</summary>
    /// <param name="config">A resolved configuration.</param>
    /// <param name="emitterTimes">When given, every emitter is wrapped to add its Ask and Tell time here (profiling).</param>
    /// <param name="evaluator">Gives the evaluator from the task (e.g. one on a cluster); null evaluates with the task itself.</param>
    /// <exception cref="ConfigException">A component rejected its settings.</exception>
    public static SearchSetup Build(SearchConfig config, EmitterTimes? emitterTimes = null, Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator = null)
    {
        var task = ConfigResolver.CreateTask(config.Task);
        var archive = ArchiveFactory.Create(config.Archive, ConfigKeys.Archive, task);
        var resultArchive = config.ResultArchive is null ? null : ArchiveFactory.Create(config.ResultArchive, ConfigKeys.ResultArchive, task);

        // A density archive keeps no elites: emitters draw parents and restarts from the result archive (as DDS does).
        var emitterArchive = archive is DensityArchive<double> && resultArchive is not null ? resultArchive : archive;
        var emitters = new List<IEmitter<double>>();
        for (int i = 0; i < config.Emitters.Count; i++)
        {
            var emitter = config.Emitters[i];
            for (int replica = 0; replica < emitter.Count; replica++)
            {
                var created = EmitterFactory.Create(emitter, $"{ConfigKeys.EmittersKey}[{i}]", emitterArchive, config.Seed, emitters.Count);
                emitters.Add(emitterTimes is null ? created
                    : created is IGradientEmitter<double> gradient ? new TimedGradientEmitter(gradient, emitterTimes)
                    : new TimedEmitter(created, emitterTimes));
            }
        }

        var scheduler = CreateScheduler(config.Scheduler, archive, emitters, resultArchive);
        var runner = new SearchRunner<double>(scheduler, evaluator?.Invoke(task) ?? task);
        double[]? population = config.InitialPopulation is { } init
            ? EmitterFactory.DrawInitial(init, task.SolutionDim, RandomSource.ForStream(config.Seed, InitialPopulationStream))
            : null;
        return new SearchSetup(config, task, archive, resultArchive, runner, population);
    }

    private static IScheduler<double> CreateScheduler(SchedulerConfig config, IArchive<double> archive, List<IEmitter<double>> emitters, IArchive<double>? resultArchive)
    {
        try
        {
            bool gradients = emitters.Any(e => e is IGradientEmitter<double>);
            if (gradients && config is BanditSchedulerConfig)
                throw new ConfigException(ConfigKeys.SchedulerKey, "gradient emitters run under the plain scheduler, not the bandit scheduler.");
            if (gradients)
                return new GradientScheduler<double>(archive, emitters, resultArchive) { ParallelEmitters = config.ParallelEmitters };
            return config switch
            {
                BanditSchedulerConfig bandit => new BanditScheduler<double>(archive, emitters, bandit.NumActive, resultArchive, bandit.Zeta,
                    BanditScheduler<double>.ParseReselect(bandit.Reselect)) { ParallelEmitters = bandit.ParallelEmitters },
                _ => new Scheduler<double>(archive, emitters, resultArchive) { ParallelEmitters = config.ParallelEmitters },
            };
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(ConfigKeys.SchedulerKey, ConfigResolver.PlainMessage(e));
        }
    }
}

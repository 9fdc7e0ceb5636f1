using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Persistence;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Experiments.Runs;

/// <summary>Builds the session of a configuration's kind in its directory, fresh or from the checkpoint.</summary>
internal static class RunSessions
{
    /// <summary>
    /// Builds the session; with a <paramref name="checkpoint"/> (opened by <see cref="CheckpointChoice"/>), restores it.
    /// A vector or learned-measure search takes its evaluator from <paramref name="evaluator"/> when given (null evaluates
    /// with the task); a learned-measure search keeps its projection, judge and ground-truth scoring in this process.
    /// </summary>
    public static RunSession Build(ExperimentConfig config, RunDirectory directory, CheckpointContents? checkpoint, EmitterTimes? emitterTimes = null,
        Func<Domains.IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator = null)
    {
        if (evaluator is not null && config is not SearchConfig)
            throw new ConfigException(ClusterEvaluationConfigParser.EvaluationKey,
                "a text search (a 'text' section) evaluates in its own process: its evaluation is calls to the model endpoint, whose answers the run records for its resume; only vector and learned-measure searches evaluate elsewhere (on a cluster).");
        switch (config)
        {
            case SearchConfig { Measures: not null } learnedConfig:
            {
                var learned = LearnedSearchBuilder.Build(learnedConfig, directory, evaluator: evaluator);
                if (checkpoint is not null) learned.Search.LoadCheckpoint(checkpoint);
                return new LearnedRunSession(learned, directory, SearchDescription.Describe(learned));
            }
            case SearchConfig searchConfig:
            {
                var setup = SearchBuilder.Build(searchConfig, emitterTimes, evaluator);
                if (checkpoint is not null) setup.Runner.LoadCheckpoint(checkpoint);
                return new VectorRunSession(setup, directory, SearchDescription.Describe(setup));
            }
            case TextRunConfig textConfig:
            {
                var setup = TextSearchBuilder.Build(textConfig, directory);
                try
                {
                    if (checkpoint is not null) setup.LoadCheckpoint(checkpoint);
                }
                catch
                {
                    setup.Dispose();
                    throw;
                }
                return new TextRunSession(setup, directory, SearchDescription.Describe(textConfig));
            }
            default:
                throw new ArgumentException($"unknown configuration type {config.GetType().Name}.", nameof(config));
        }
    }
}

using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Experiments.Runs;

/// <summary>Builds the session of a configuration's kind in its directory, fresh or from the checkpoint.</summary>
internal static class RunSessions
{
    /// <summary>Builds the session; with <paramref name="resume"/>, restores the checkpoint in <paramref name="directory"/>.</summary>
    public static RunSession Build(ExperimentConfig config, RunDirectory directory, bool resume, EmitterTimes? emitterTimes = null)
    {
        switch (config)
        {
            case SearchConfig { Measures: not null } learnedConfig:
            {
                var learned = LearnedSearchBuilder.Build(learnedConfig, directory);
                if (resume) learned.Search.LoadCheckpoint(directory.CheckpointPath);
                return new LearnedRunSession(learned, directory, SearchDescription.Describe(learned));
            }
            case SearchConfig searchConfig:
            {
                var setup = SearchBuilder.Build(searchConfig, emitterTimes);
                if (resume) setup.Runner.LoadCheckpoint(directory.CheckpointPath);
                return new VectorRunSession(setup, directory, SearchDescription.Describe(setup));
            }
            case TextRunConfig textConfig:
            {
                var setup = TextSearchBuilder.Build(textConfig, directory);
                try
                {
                    if (resume) setup.Search.LoadCheckpoint(directory.CheckpointPath);
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

using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Output;

namespace QualityDiversity.Cli.Search;

/// <summary>
/// A built search of either kind — a plain search or a learned-measure search — as the run and
/// resume commands need it: its description, its progress and how to run it in a directory.
/// </summary>
/// <param name="Description">One-line description printed when it starts.</param>
/// <param name="CompletedIterations">Iterations already done (after a checkpoint was loaded).</param>
/// <param name="Run">Runs the search to its configured end in its directory.</param>
internal sealed record RunnableSearch(string Description, Func<int> CompletedIterations, Func<Task<SessionOutcome>> Run)
{
    /// <summary>
    /// Builds the search <paramref name="config"/> describes for <paramref name="directory"/>,
    /// restoring its checkpoint when <paramref name="resume"/> is set.
    /// </summary>
    public static RunnableSearch Build(SearchConfig config, RunDirectory directory, CliContext context, bool svg, bool resume)
    {
        if (config.Measures is not null)
        {
            var learned = LearnedSearchBuilder.Build(config, directory);
            if (resume) learned.Search.LoadCheckpoint(directory.CheckpointPath);
            return new RunnableSearch(SearchDescription.Describe(learned), () => learned.Search.Iteration,
                () => new LearnedSearchSession(learned, directory, context, svg).RunAsync());
        }
        var setup = SearchBuilder.Build(config);
        if (resume) setup.Runner.LoadCheckpoint(directory.CheckpointPath);
        return new RunnableSearch(SearchDescription.Describe(setup), () => setup.Runner.Iteration,
            () => new SearchSession(setup, directory, context, svg).RunAsync());
    }
}

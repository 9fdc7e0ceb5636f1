using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Domains;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Search;

/// <summary>A search built from a configuration: the task, the archives and the runner that drives them.</summary>
/// <param name="Config">The resolved configuration it was built from.</param>
/// <param name="Task">The benchmark task (also the evaluator).</param>
/// <param name="Archive">The archive the emitters search in.</param>
/// <param name="ResultArchive">The optional separate result archive.</param>
/// <param name="Runner">The run loop.</param>
/// <param name="InitialPopulation">Row-major initial population to evaluate before the first iteration, if configured.</param>
internal sealed record SearchSetup(SearchConfig Config, IBenchmarkTask Task, IArchive<double> Archive, IArchive<double>? ResultArchive, SearchRunner<double> Runner, double[]? InitialPopulation)
{
    /// <summary>The archive that is reported, exported and plotted: the result archive if any.</summary>
    public IArchive<double> ReportedArchive => ResultArchive ?? Archive;
}

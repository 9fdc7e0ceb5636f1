using QualityDiversity.Experiments.Algorithms;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Domains;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// A named algorithm on a task, as chosen on the command line (<c>--algorithm</c>, the task,
/// <c>--dim</c>, <c>--es</c>), turned into a resolved configuration. Errors name the option.
/// </summary>
/// <param name="Algorithm">The algorithm name or alias.</param>
/// <param name="Task">The task name or alias.</param>
/// <param name="TaskOption">How the task was given, for messages (<c>--task</c> or <c>TASK</c>).</param>
/// <param name="Dim">Solution dimension, or null for the default.</param>
/// <param name="Es">Evolution strategy for every evolution-strategy emitter, or null for the algorithm's.</param>
internal sealed record AlgorithmSelection(string Algorithm, string Task, string TaskOption, int? Dim, string? Es)
{
    /// <summary>The canonical algorithm name.</summary>
    /// <exception cref="CliException">The algorithm is unknown.</exception>
    public string CanonicalAlgorithm =>
        AlgorithmCatalog.TryNormalize(Algorithm, out string name)
            ? name
            : throw new CliException($"--algorithm: unknown algorithm '{Algorithm}'. {AlgorithmCatalog.KnownNamesText}");

    /// <summary>Builds, overrides and resolves the configuration.</summary>
    /// <exception cref="CliException">An option is invalid; the message names it.</exception>
    public SearchConfig Resolve(ConfigOverrides overrides)
    {
        string algorithm = CanonicalAlgorithm;
        if (!BenchmarkTasks.IsKnown(Task))
            throw new CliException($"{TaskOption}: unknown task '{Task}'. Known tasks: {string.Join(", ", BenchmarkTasks.Names)} (aliases: sphere, rastrigin).");
        if (Dim is < 1) throw new CliException($"--dim: must be at least 1, got {Dim}.");
        if (Es is not null && !EvolutionStrategyEmitterConfig.EsNames.Contains(Es))
            throw new CliException($"--es: unknown evolution strategy '{Es}'. Known values: {string.Join(", ", EvolutionStrategyEmitterConfig.EsNames)}.");
        string task = BenchmarkTasks.Create(Task, 2).Id; // canonical name ("sphere" -> "lp-sphere")
        var config = AlgorithmCatalog.Create(algorithm, task, Dim ?? AlgorithmCatalog.DefaultDim, es: Es);
        if (Es is not null && !config.Emitters.Any(e => e is EvolutionStrategyEmitterConfig))
            throw new CliException($"--es: algorithm '{algorithm}' has no evolution-strategy emitters to apply it to.");
        try
        {
            return ConfigResolver.Resolve(overrides.ApplyTo(config));
        }
        catch (ConfigException e) when (e.FieldPath.StartsWith(ConfigKeys.TaskKey + ".", StringComparison.Ordinal))
        {
            // The only task field an algorithm leaves open is its dimension.
            throw new CliException($"--dim: {e.Message[(e.FieldPath.Length + 2)..]}");
        }
    }
}

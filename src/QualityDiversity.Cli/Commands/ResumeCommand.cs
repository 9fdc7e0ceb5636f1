using System.CommandLine;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cli.Commands;

/// <summary><c>qd resume DIR [--iterations N] [--svg] [--cluster [HOST:PORT...] | --local]</c>: continues a search from its checkpoint.</summary>
internal static class ResumeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Output directory of an interrupted (or finished) run." };
        var iterations = new Option<int?>("--iterations", "-n")
        {
            Description = "Total iterations to reach, replacing the run's (extends a finished run).",
            HelpName = "N",
        };
        var svg = new Option<bool>("--svg") { Description = "Also write the figures as SVG." };
        var cluster = new Option<string[]>("--cluster")
        {
            Description = "Evaluate on the workers of a cluster through these gateways, for this resume [default: where the run evaluated: its config.json's evaluation.cluster, else in this process].",
            HelpName = "HOST:PORT",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var local = new Option<bool>("--local") { Description = "Evaluate in this process, for this resume, even though the run evaluated on a cluster." };
        var command = new Command("resume", "Continue a search from the checkpoint in its output directory; the result equals an uninterrupted run's.")
        {
            dir, iterations, svg, cluster, local,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
            ExecuteAsync(context, parse.GetValue(dir)!, parse.GetValue(iterations), parse.GetValue(svg),
                parse.GetResult(cluster) is { Implicit: false } ? parse.GetValue(cluster) ?? [] : null, parse.GetValue(local)), CommandGuard.RunDirectoryArgument));
        return command;
    }

    /// <summary>Runs the command.</summary>
    /// <param name="context">Output streams and cancellation.</param>
    /// <param name="path">The run directory.</param>
    /// <param name="iterations">A new total of iterations, or null.</param>
    /// <param name="svg">Whether to write SVG figures too.</param>
    /// <param name="cluster">Gateways of <c>--cluster</c> (empty: the configured or default ones); null when the option is not given.</param>
    /// <param name="local">Whether <c>--local</c> is given: evaluate in this process whatever config.json says.</param>
    public static async Task<int> ExecuteAsync(CliContext context, string path, int? iterations, bool svg, IReadOnlyList<string>? cluster = null, bool local = false)
    {
        if (local && cluster is not null) throw new CliException("--local: evaluates in this process; it cannot be given with --cluster.");
        // Where the run evaluated is in its config.json (a run started with --cluster recorded its gateways there).
        await using var clusterSession = local ? null : ClusterSession.Prepare(context, Experiment.Open(path).ReadConfig(), cluster);
        using var run = Experiment.Resume(path, iterations, clusterSession?.Evaluator);
        run.Svg = svg;
        var config = run.Config;
        context.Out.WriteLine(run.IsDone
            ? $"'{config.Name}' has already completed its {run.Total} {Unit(config)}s; rewriting its outputs. Use --iterations to extend it."
            : $"Resuming '{config.Name}' from {Unit(config)} {run.Completed} of {run.Total}: {run.Description}");
        // Connected only now: the checkpoint is verified first, and a finished run needs no workers.
        if (clusterSession is not null && !run.IsDone)
            await clusterSession.ConnectAsync($"nothing was evaluated; continue it with: qd resume \"{run.Directory.Path}\"").ConfigureAwait(false);
        return await ClusterSession.RunAsync(context, run, clusterSession).ConfigureAwait(false);
    }

    private static string Unit(ExperimentConfig config) => config is SearchConfig ? "iteration" : "step";
}

using System.CommandLine;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cli.Commands;

/// <summary><c>qd resume DIR [--iterations N] [--svg]</c>: continues a search from its checkpoint.</summary>
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
        var command = new Command("resume", "Continue a search from the checkpoint in its output directory; the result equals an uninterrupted run's.")
        {
            dir, iterations, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
            ExecuteAsync(context, parse.GetValue(dir)!, parse.GetValue(iterations), parse.GetValue(svg)), CommandGuard.RunDirectoryArgument));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string path, int? iterations, bool svg)
    {
        using var run = Experiment.Resume(path, iterations);
        run.Svg = svg;
        var config = run.Config;
        context.Out.WriteLine(run.IsDone
            ? $"'{config.Name}' has already completed its {run.Total} {Unit(config)}s; rewriting its outputs. Use --iterations to extend it."
            : $"Resuming '{config.Name}' from {Unit(config)} {run.Completed} of {run.Total}: {run.Description}");
        return await RunPresenter.RunAsync(context, run).ConfigureAwait(false);
    }

    private static string Unit(ExperimentConfig config) => config is SearchConfig ? "iteration" : "step";
}

using System.CommandLine;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Search;
using QualityDiversity.Persistence;

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
            ExecuteAsync(context, parse.GetValue(dir)!, parse.GetValue(iterations), parse.GetValue(svg))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string path, int? iterations, bool svg)
    {
        var directory = RunDirectoryChecks.Existing(path);
        if (!File.Exists(directory.CheckpointPath))
            throw new CliException($"'{path}' has no checkpoint.bin: the run stopped before its first checkpoint, so there is nothing to resume. Start it again with 'qd run'.", ExitCodes.Failure);

        if (Text.TextRun.IsTextConfigFile(directory.ConfigPath))
            return await Text.TextRun.ResumeAsync(context, directory, iterations, svg).ConfigureAwait(false);
        var config = ConfigResolver.Resolve(new ConfigOverrides(null, iterations).ApplyTo(ConfigLoader.LoadUnresolved(directory.ConfigPath)));
        var search = RunnableSearch.Build(config, directory, context, svg, resume: true);
        int done = search.CompletedIterations();
        if (iterations is { } n && n < done)
            throw new CliException($"--iterations: {n} is below the {done} iterations the checkpoint has already completed.");
        if (iterations is not null) AtomicFile.WriteAllText(directory.ConfigPath, ConfigWriter.ToJson(config));
        MetricsCsv.TruncateAfter(directory.MetricsPath, done);

        if (done >= config.Iterations)
            context.Out.WriteLine($"'{config.Name}' has already completed its {config.Iterations} iterations; rewriting its outputs. Use --iterations to extend it.");
        else
            context.Out.WriteLine($"Resuming '{config.Name}' from iteration {done} of {config.Iterations}: {search.Description}");
        var outcome = await search.Run().ConfigureAwait(false);
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}

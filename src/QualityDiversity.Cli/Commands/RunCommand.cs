using System.CommandLine;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Search;
using QualityDiversity.Persistence;

namespace QualityDiversity.Cli.Commands;

/// <summary><c>qd run [CONFIG] [--out DIR] [--seed N] [--iterations N] [--svg]</c>: starts a search.</summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = new Argument<string?>("CONFIG")
        {
            Description = "JSON configuration file; without it, the built-in robotic-arm MAP-Elites search (examples/arm-map-elites.json).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Output directory [default: runs/<config name>-<yyyyMMdd-HHmmss>].",
            HelpName = "DIR",
        };
        var seed = new Option<long?>("--seed") { Description = "Run seed, replacing the configuration's.", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Number of iterations, replacing the configuration's.", HelpName = "N" };
        var svg = new Option<bool>("--svg") { Description = "Also write the figures as SVG." };

        var command = new Command("run", "Run a quality-diversity search and write its results to an output directory.")
        {
            config, output, seed, iterations, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context,
            parse.GetValue(config), parse.GetValue(output), new ConfigOverrides(parse.GetValue(seed), parse.GetValue(iterations)), parse.GetValue(svg))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string? configPath, string? outPath, ConfigOverrides overrides, bool svg)
    {
        var config = configPath is null ? ConfigLoader.LoadDefault(overrides) : ConfigLoader.LoadFile(configPath, overrides);
        var directory = outPath is null ? RunDirectory.CreateDefault(config.Name, context.Now()) : new RunDirectory(outPath);
        if (File.Exists(directory.Path))
            throw new CliException($"--out: '{directory.Path}' is a file, not a directory.");
        if (directory.HoldsRun)
            throw new CliException($"--out: '{directory.Path}' already holds a run. Continue it with 'qd resume {directory.Path}' or choose another --out.");

        var setup = SearchBuilder.Build(config);
        Directory.CreateDirectory(directory.Path);
        AtomicFile.WriteAllText(directory.ConfigPath, ConfigWriter.ToJson(config));
        File.Delete(directory.MetricsPath);

        context.Out.WriteLine($"Running '{config.Name}': {SearchDescription.Describe(setup)}");
        context.Out.WriteLine($"Output: {directory.Path}");
        var outcome = await new SearchSession(setup, directory, context, svg).RunAsync().ConfigureAwait(false);
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}

using System.CommandLine;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd compare CONFIG [--variations LIST] [--trials N] [--out DIR] [--jobs N] [--iterations N] [--svg]</c>:
/// a text configuration's variations over several seeds, through <see cref="TextComparison"/>.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Argument<string>("CONFIG") { Description = "A text-search configuration (a JSON file with a \"text\" section)." };
        var variations = new Option<string?>("--variations") { Description = $"Comma-separated variations to compare [default: {string.Join(",", TextComparisonOptions.DefaultVariations)}].", HelpName = "LIST" };
        var trials = new Option<int?>("--trials") { Description = "Trials per variation, seeds = config seed + 0..N-1 [default: 5].", HelpName = "N" };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory [default: compare/<config name>]; finished trials there are reused.", HelpName = "DIR" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Trials run at once [default: 1; raise it for language-model runs, which wait on I/O].", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Steps per trial, replacing the configuration's.", HelpName = "N" };
        var svg = new Option<bool>("--svg") { Description = "Also write the comparison figure as SVG." };
        var command = new Command("compare", "Compare variations of a text search (QDAIF against its baselines) over several seeds.")
        {
            config, variations, trials, output, jobs, iterations, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context, parse.GetValue(config)!, parse.GetValue(variations),
            parse.GetValue(trials), parse.GetValue(output), parse.GetValue(jobs), parse.GetValue(iterations), parse.GetValue(svg))));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliContext context, string configPath, string? variationList, int? trials, string? output, int? jobs, int? iterations, bool svg)
    {
        if (!File.Exists(configPath)) throw new CliException($"CONFIG: '{configPath}' not found.", ExitCodes.UsageError);
        if (!TextConfigParser.IsTextConfigFile(configPath)) throw new CliException($"CONFIG: '{configPath}' is not a text-search configuration (it has no \"text\" section).", ExitCodes.UsageError);
        var config = (TextRunConfig)ConfigLoader.LoadAny(configPath, new ConfigOverrides(null, iterations));
        var options = new TextComparisonOptions
        {
            Variations = variationList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Trials = trials ?? 5,
            Output = output,
            Jobs = jobs ?? 1,
            Svg = svg,
        };
        var outcome = await TextComparison.RunAsync(config, options, line => context.Out.WriteLine(line), context.Cancellation).ConfigureAwait(false);
        context.Out.WriteLine();
        context.Out.Write(outcome.Markdown);
        context.Out.WriteLine($"Output: {outcome.Directory} ({string.Join(", ", outcome.Files.Select(Path.GetFileName))}, one run directory per trial)");
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}

using System.CommandLine;
using QualityDiversity.Web;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd report DIR [--out FILE]</c>: writes the live dashboard's views of a run (heatmap, metric
/// curves, refits, raters, a text search's elites) as one self-contained HTML file.
/// </summary>
internal static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Output directory of a finished or running search." };
        var output = new Option<string?>("--out") { Description = $"The HTML file to write [default: DIR/{RunReport.FileName}].", HelpName = "FILE" };
        var command = new Command("report", "Write a run's views (heatmap, metric curves, refits, raters, text elites) as one self-contained HTML file.")
        {
            dir, output,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => Task.FromResult(Execute(context, parse.GetValue(dir)!, parse.GetValue(output)))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static int Execute(CliContext context, string path, string? output)
    {
        if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } parent && !Directory.Exists(parent))
            throw new CliException($"--out: the folder '{parent}' does not exist.");
        context.Out.WriteLine($"Wrote {RunReport.Write(path, output)}");
        return ExitCodes.Success;
    }
}

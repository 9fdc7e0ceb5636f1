using System.CommandLine;
using QualityDiversity.Experiments;

namespace QualityDiversity.Cli.Commands;

/// <summary><c>qd plot DIR [--svg]</c>: redraws a run's figures from its files.</summary>
internal static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Output directory of a finished or running search." };
        var svg = new Option<bool>("--svg") { Description = "Also write the figures as SVG." };
        var command = new Command("plot", "Redraw a search's heatmap and metric curves from its output directory (a text search: from its checkpoint).")
        {
            dir, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => Task.FromResult(Execute(context, parse.GetValue(dir)!, parse.GetValue(svg)))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static int Execute(CliContext context, string path, bool svg)
    {
        foreach (string file in Experiment.Open(path).WriteFigures(svg)) context.Out.WriteLine($"Wrote {file}");
        return ExitCodes.Success;
    }
}

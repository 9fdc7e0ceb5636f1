using System.CommandLine;

namespace QualityDiversity.Cli.Commands;

/// <summary>The <c>qd</c> command tree and its invocation.</summary>
internal static class CliApp
{
    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand CreateRoot(CliContext context) =>
        new("qd: run, resume and plot quality-diversity (MAP-Elites family) searches described by JSON configs.")
        {
            RunCommand.Create(context),
            ResumeCommand.Create(context),
            PlotCommand.Create(context),
        };

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args, CliContext context)
    {
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Err,
            // Ctrl+C is handled by the caller through context.Cancellation, so that a search can
            // finish its iteration and checkpoint instead of being cut off after a timeout.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return CreateRoot(context).Parse(args).InvokeAsync(configuration, context.Cancellation);
    }
}

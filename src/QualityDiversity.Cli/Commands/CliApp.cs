using System.CommandLine;
using System.CommandLine.Invocation;

namespace QualityDiversity.Cli.Commands;

/// <summary>The <c>qd</c> command tree and its invocation.</summary>
internal static class CliApp
{
    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand CreateRoot(CliContext context) =>
        new("qd: run, resume, plot and benchmark quality-diversity (MAP-Elites family) searches described by JSON configs.")
        {
            RunCommand.Create(context),
            ResumeCommand.Create(context),
            PlotCommand.Create(context),
            BenchCommand.Create(context),
            ReproduceCommand.Create(context),
            CompareCommand.Create(context),
            ServeCommand.Create(context),
            ReportCommand.Create(context),
            WorkerCommand.Create(context),
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
        var root = CreateRoot(context);
        if (args.Length == 0)
        {
            // Plain "qd": the overview of the commands, as a usage error.
            root.Parse(["--help"]).Invoke(configuration);
            WriteExitCodes(context.Out);
            return Task.FromResult(ExitCodes.UsageError);
        }
        if (args is ["--help"] or ["-h"] or ["-?"])
        {
            int code = root.Parse(args).Invoke(configuration);
            WriteExitCodes(context.Out);
            return Task.FromResult(code);
        }
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // Bad command lines exit with the usage-error code, like bad configurations, with one
            // "error:" line per problem instead of the full help text.
            foreach (var error in parse.Errors) context.Err.WriteLine($"error: {Plain(error.Message)}");
            string command = string.Join(' ', parse.CommandResult.Command is RootCommand ? ["qd"] : new[] { "qd", parse.CommandResult.Command.Name });
            context.Err.WriteLine($"Run '{command} --help' for usage.");
            context.Err.Flush();
            return Task.FromResult(ExitCodes.UsageError);
        }
        return parse.InvokeAsync(configuration, context.Cancellation);
    }

    private static void WriteExitCodes(TextWriter output)
    {
        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Table) output.WriteLine($"  {code,-5}{meaning}");
    }

    // System.CommandLine names the expected type by its CLR name ("System.Nullable`1[System.Int32]").
    private static string Plain(string message) => System.Text.RegularExpressions.Regex.Replace(message,
        @"expected type '(System\.Nullable`1\[)?System\.(Int32|Int64)\]?'", "expected type 'integer'");
}

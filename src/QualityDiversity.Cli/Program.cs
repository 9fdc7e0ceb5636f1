using System.Runtime.InteropServices;
using QualityDiversity.Cli.Commands;
using Spectre.Console;

namespace QualityDiversity.Cli;

/// <summary>Entry point of the <c>qd</c> command-line program.</summary>
public static class Program
{
    /// <summary>Runs <c>qd</c> with the process's console; Ctrl+C and SIGTERM stop a search after its current iteration.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C asks for a clean stop; a second one ends the process at once.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        var context = new CliContext
        {
            Out = Console.Out,
            Err = Console.Error,
            Interactive = IsInteractive(),
            Cancellation = stop.Token,
        };
        return await CliApp.InvokeAsync(args, context).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <c>qd</c> in-process with the given output streams (progress is printed as plain lines)
    /// and returns its exit code.
    /// </summary>
    /// <param name="args">Command-line arguments, e.g. <c>["run", "config.json", "--out", "dir"]</c>.</param>
    /// <param name="output">Receives standard output.</param>
    /// <param name="error">Receives error messages.</param>
    /// <param name="cancellationToken">Stops a running search after its current iteration, with a checkpoint.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext { Out = output, Err = error, Cancellation = cancellationToken };
        return CliApp.InvokeAsync(args, context).GetAwaiter().GetResult();
    }

    private static bool IsInteractive() =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Ansi;
}

using QualityDiversity.Cli.Progress;
using QualityDiversity.Runs;
using Spectre.Console;

namespace QualityDiversity.Cli.Commands;

/// <summary>What a command runs with: its output streams, whether the terminal is interactive, and how it is stopped.</summary>
internal sealed class CliContext
{
    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: error messages go here.</summary>
    public required TextWriter Err { get; init; }

    /// <summary>Whether standard output is an interactive terminal (live progress bar) rather than redirected (plain lines).</summary>
    public bool Interactive { get; init; }

    /// <summary>Signalled by Ctrl+C or SIGTERM: a running search stops after the current iteration.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Called after every iteration of a search (after its metrics row); a test hook.</summary>
    public Action<IterationReport>? AfterIteration { get; init; }

    /// <summary>The current local time, for default output directory names.</summary>
    public Func<DateTime> Now { get; init; } = () => DateTime.Now;

    /// <summary>The progress display suited to the output.</summary>
    public IProgressDisplay CreateProgressDisplay() =>
        Interactive ? new LiveProgressDisplay(AnsiConsole.Console) : new PlainProgressDisplay(Out);
}

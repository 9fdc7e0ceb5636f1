using QualityDiversity.Cli.Commands;
using QualityDiversity.Runs;

namespace QualityDiversity.Cli.Tests.Support;

/// <summary>The outcome of one in-process <c>qd</c> invocation.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err);

/// <summary>Runs <c>qd</c> in-process.</summary>
public static class Qd
{
    /// <summary>Through the public entry point.</summary>
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>With a hook called after every iteration and a cancellation token (Ctrl+C).</summary>
    internal static CliResult Run(string[] args, Action<IterationReport>? afterIteration, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext { Out = output, Err = error, AfterIteration = afterIteration, Cancellation = cancellation };
        int code = CliApp.InvokeAsync(args, context).GetAwaiter().GetResult();
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

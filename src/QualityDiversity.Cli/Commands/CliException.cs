namespace QualityDiversity.Cli.Commands;

/// <summary>A user-facing failure of a command, reported as its message alone with <see cref="ExitCode"/>.</summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(string message, int exitCode = ExitCodes.UsageError)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code to return.</summary>
    public int ExitCode { get; }
}

namespace QualityDiversity.Cli.Commands;

/// <summary>Process exit codes of <c>qd</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A run-time failure: unreadable files, a corrupt checkpoint, an unexpected error.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is invalid.</summary>
    public const int UsageError = 2;

    /// <summary>The search was interrupted (Ctrl+C); it can be resumed.</summary>
    public const int Interrupted = 130;
}

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

    /// <summary>
    /// Every exit code with its meaning, as <c>qd --help</c> prints them and README.md's table
    /// lists them (a test keeps the two equal).
    /// </summary>
    public static IReadOnlyList<(int Code, string Meaning)> Table { get; } =
    [
        (Success, "success"),
        (Failure, "run-time failure: unreadable files, a damaged checkpoint with no intact previous one, a model endpoint or judge that keeps failing (the run stays resumable)"),
        (UsageError, "bad configuration or arguments (the message names the field or option); also a run directory that does not exist, holds no run, or is in use by another process"),
        (Interrupted, "interrupted (Ctrl+C or SIGTERM) after a checkpoint; resumable"),
    ];
}

using QualityDiversity.Runs;

namespace QualityDiversity.Cli.Progress;

/// <summary>Receives iteration reports for display.</summary>
internal interface IProgressSink
{
    /// <summary>Called after every iteration.</summary>
    void Report(in IterationReport report);

    /// <summary>Shows a one-line message (an event of the run) without disturbing the progress display.</summary>
    void Note(string message);
}

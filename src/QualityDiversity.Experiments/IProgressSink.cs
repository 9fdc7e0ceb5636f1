using QualityDiversity.Runs;

namespace QualityDiversity.Experiments;

/// <summary>
/// Receives a run's progress as it happens: one report per completed iteration (a batch of steps
/// for a text search) and one-line notes about events such as measure refits, failed texts or
/// warnings. A progress bar, a notebook cell or a log file can implement it.
/// </summary>
public interface IProgressSink
{
    /// <summary>Called after every completed iteration (text searches: after every batch).</summary>
    void Report(in IterationReport report);

    /// <summary>A one-line message about an event of the run.</summary>
    void Note(string message);
}

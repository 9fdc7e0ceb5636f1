namespace QualityDiversity.Runs;

/// <summary>Watches a running search: metrics logs, progress displays, plots.</summary>
public interface ISearchObserver
{
    /// <summary>Called after every iteration.</summary>
    void OnIteration(in IterationReport report);

    /// <summary>Called after a checkpoint has been written for <paramref name="iteration"/>.</summary>
    void OnCheckpoint(int iteration) { }
}

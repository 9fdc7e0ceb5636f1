namespace QualityDiversity.Text.Search;

/// <summary>Receives every batch of a <see cref="GenerativeSearch"/> (dataset writers, metrics, progress).</summary>
public interface IGenerativeSearchObserver
{
    /// <summary>Called after a batch entered the archive and before the next one starts.</summary>
    void OnBatch(GenerativeSearch search, GenerativeBatchReport report);
}

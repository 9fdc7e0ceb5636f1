using QualityDiversity.Archives;

namespace QualityDiversity.Text.Search;

/// <summary>What one batch of a <see cref="GenerativeSearch"/> did.</summary>
/// <param name="FirstStep">First step of the batch (0 for the seed batch).</param>
/// <param name="LastStep">Last step of the batch; the search's step after it.</param>
/// <param name="Rows">Every text the batch evaluated or failed to produce, in step order.</param>
/// <param name="Statistics">Archive statistics after the batch.</param>
/// <param name="Elapsed">Wall time of the batch.</param>
public sealed record GenerativeBatchReport(int FirstStep, int LastStep, IReadOnlyList<EvaluatedText> Rows, ArchiveStatistics Statistics, TimeSpan Elapsed)
{
    /// <summary>Descriptions of the measure-space refits done before this batch (usually none).</summary>
    public IReadOnlyList<string> MeasureUpdates { get; init; } = [];

    /// <summary>Rows whose text entered the archive as a new cell.</summary>
    public int NewCells => Rows.Count(r => r.Status == EvaluatedTextStatus.New);

    /// <summary>Rows that failed in generation or evaluation.</summary>
    public int Failures => Rows.Count(r => r.Status is EvaluatedTextStatus.GenerationFailed or EvaluatedTextStatus.EvaluationFailed);
}

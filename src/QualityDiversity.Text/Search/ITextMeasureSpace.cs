using QualityDiversity.Archives;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>
/// A measure space that is learned while a <see cref="GenerativeSearch"/> runs (QDHF over texts):
/// at its update steps the space is refitted — for example from new similarity judgments — and
/// the search continues in the archive it returns, into which the elites were moved. Its state
/// (model, bounds, judgments) is part of the search's checkpoint.
/// </summary>
public interface ITextMeasureSpace : ICheckpointable
{
    /// <summary>Steps before which the space is refitted, ascending (0: before the seeds are evaluated).</summary>
    IReadOnlyList<int> UpdateSteps { get; }

    /// <summary>Refits the space and moves the archive's elites into an archive over the new measures.</summary>
    Task<TextMeasureUpdate> UpdateAsync(TextMeasureUpdateContext context, CancellationToken cancellationToken);

    /// <summary>An empty archive over the current measure space (used to restore a checkpoint).</summary>
    IArchive<TextGenome> CreateArchive();
}

using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Runs;

/// <summary>The digests of the step-by-step files that a checkpoint recorded; null members were not recorded (an earlier release's checkpoint, or a run without that file).</summary>
/// <param name="Metrics">metrics.csv's rows.</param>
/// <param name="Dataset">A text run's dataset.jsonl rows.</param>
internal readonly record struct RecordedRows(RowDigest.Recorded? Metrics, RowDigest.Recorded? Dataset)
{
    /// <summary>The digests in <paramref name="contents"/>.</summary>
    /// <exception cref="InvalidDataException">A digest section is not in a format this release reads.</exception>
    public static RecordedRows Read(CheckpointContents contents) =>
        new(RowDigest.Read(contents, RowDigest.MetricsSection), RowDigest.Read(contents, RowDigest.DatasetSection));
}

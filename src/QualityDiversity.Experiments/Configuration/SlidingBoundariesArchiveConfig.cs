namespace QualityDiversity.Experiments.Configuration;

/// <summary>A sliding-boundaries archive: a grid whose boundaries move to the quantiles of the recent candidates' measures every <see cref="RemapFrequency"/> candidates.</summary>
public sealed record SlidingBoundariesArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "sliding_boundaries";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Bins per measure axis.</summary>
    public required int[] Dims { get; init; }

    /// <summary>Initial range per measure axis (until the first remap); null before resolution means the task's measure ranges.</summary>
    public ValueRange[]? Ranges { get; init; }

    /// <summary>Candidates between remaps.</summary>
    public int RemapFrequency { get; init; } = QualityDiversity.Archives.SlidingBoundariesArchive<double>.DefaultRemapFrequency;

    /// <summary>Number of recent candidates whose measures set the boundaries.</summary>
    public int BufferCapacity { get; init; } = QualityDiversity.Archives.SlidingBoundariesArchive<double>.DefaultBufferCapacity;
}

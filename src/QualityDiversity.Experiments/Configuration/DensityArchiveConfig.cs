namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// The density model of Density Descent Search: a kernel density estimate over a uniform sample
/// of the measures offered. It keeps no elites, so a search with it needs a <c>result_archive</c>,
/// from which the emitters then draw.
/// </summary>
public sealed record DensityArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "density";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Gaussian kernel bandwidth; positive.</summary>
    public required double Bandwidth { get; init; }

    /// <summary>Number of measures kept in the buffer.</summary>
    public int BufferSize { get; init; } = QualityDiversity.Archives.DensityArchive<double>.DefaultBufferSize;

    /// <summary>Which candidates replace buffered measures once the buffer is full: the uniform
    /// sample of the DDS paper (the default) or pyribs 0.8.3's batch loop.</summary>
    public QualityDiversity.Archives.ReservoirRule Reservoir { get; init; } = QualityDiversity.Archives.ReservoirRule.Uniform;

    /// <summary>Seed of the buffer's sampling; null before resolution means the run seed.</summary>
    public long? BufferSeed { get; init; }
}

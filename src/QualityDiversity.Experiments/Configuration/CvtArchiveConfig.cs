namespace QualityDiversity.Experiments.Configuration;

/// <summary>A CVT archive: <see cref="Cells"/> Voronoi cells from k-means over uniform samples of <see cref="Ranges"/>.</summary>
public sealed record CvtArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "cvt";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Number of cells (centroids).</summary>
    public required int Cells { get; init; }

    /// <summary>Uniform samples clustered into the centroids; at least <see cref="Cells"/>.</summary>
    public int Samples { get; init; } = QualityDiversity.Archives.CvtCentroids.DefaultSamples;

    /// <summary>Seed of the samples and of k-means; null before resolution means the run seed.</summary>
    public long? CentroidsSeed { get; init; }

    /// <summary>Range per measure axis; null before resolution means the task's measure ranges.</summary>
    public ValueRange[]? Ranges { get; init; }
}

namespace QualityDiversity.Spatial;

/// <summary>Settings of Lloyd's k-means clustering (<see cref="KMeans"/>).</summary>
public sealed record KMeansOptions
{
    /// <summary>
    /// Upper bound on Lloyd iterations; clustering stops earlier once no assignment changes.
    /// Default 50: with pyribs-like sample counts Lloyd has (nearly) stopped changing by then (10,000 cells from
    /// 100,000 samples converge in about 20), and each iteration costs one nearest-centroid query per sample.
    /// </summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Starting centroids. Default <see cref="KMeansInit.RandomSample"/>.</summary>
    public KMeansInit Init { get; init; } = KMeansInit.RandomSample;

    /// <summary>Threads used for the assignment step; -1 (default) uses every core. The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

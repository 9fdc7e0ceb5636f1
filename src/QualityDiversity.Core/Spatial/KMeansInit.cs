namespace QualityDiversity.Spatial;

/// <summary>How k-means chooses its starting centroids.</summary>
public enum KMeansInit
{
    /// <summary>
    /// Distinct samples drawn uniformly: O(k) and the usual choice for CVT archives, whose
    /// uniform samples make the better seeding of k-means++ matter little (pyribs' default).
    /// </summary>
    RandomSample = 0,

    /// <summary>
    /// k-means++ (Arthur and Vassilvitskii 2007): each next centroid is a sample drawn with
    /// probability proportional to its squared distance to the nearest chosen one. Better spread,
    /// but O(samples × k) work, which is seconds for 10,000 centroids and 100,000 samples.
    /// </summary>
    PlusPlus = 1,
}

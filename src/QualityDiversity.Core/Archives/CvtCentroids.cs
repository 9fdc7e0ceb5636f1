using QualityDiversity.Randomness;
using QualityDiversity.Spatial;

namespace QualityDiversity.Archives;

/// <summary>
/// Centroids of CVT archives: generation by k-means over uniform samples of the measure
/// ranges (like pyribs' <c>k_means_centroids</c>), validation and a fingerprint. Generating
/// them separately lets a caller cache them in a file and build archives from the cache.
/// </summary>
public static class CvtCentroids
{
    /// <summary>Default number of uniform samples clustered into centroids (pyribs' default).</summary>
    public const int DefaultSamples = 100_000;

    /// <summary>
    /// Clusters <paramref name="samples"/> points drawn uniformly in <paramref name="ranges"/>
    /// into <paramref name="cells"/> centroids with seeded k-means. The same arguments always
    /// give the same centroids, on any machine and thread count.
    /// </summary>
    /// <param name="cells">Number of centroids.</param>
    /// <param name="ranges">(lower, upper) per measure axis.</param>
    /// <param name="samples">Number of uniform samples; at least <paramref name="cells"/>.</param>
    /// <param name="seed">Seed of the samples and of the k-means initialisation.</param>
    /// <param name="kMeans">Iterations, initialisation and parallelism of k-means.</param>
    /// <returns>Row-major centroids, <c>ranges.Count</c> coordinates each, all within the ranges.</returns>
    public static double[] Generate(int cells, IReadOnlyList<(double Lower, double Upper)> ranges, int samples = DefaultSamples, long seed = 0, KMeansOptions? kMeans = null)
    {
        CheckRanges(ranges);
        if (cells <= 0) throw new ArgumentOutOfRangeException(nameof(cells), cells, "A CVT archive needs at least one cell.");
        if (samples < cells)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"k-means needs at least as many samples as cells ({cells}).");
        int d = ranges.Count;
        var points = UniformSamples(ranges, samples, seed);
        var centroids = KMeans.Cluster(points, d, cells, seed, kMeans);
        // Means of in-range samples are in range up to rounding; clamp that rounding away.
        for (int i = 0; i < centroids.Length; i++)
            centroids[i] = Math.Clamp(centroids[i], ranges[i % d].Lower, ranges[i % d].Upper);
        return centroids;
    }

    /// <summary><paramref name="count"/> points drawn uniformly in <paramref name="ranges"/>, row-major.</summary>
    public static double[] UniformSamples(IReadOnlyList<(double Lower, double Upper)> ranges, int count, long seed)
    {
        CheckRanges(ranges);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The sample count cannot be negative.");
        int d = ranges.Count;
        var random = RandomSource.ForStream(seed, 0);
        var points = new double[(long)count * d];
        for (int i = 0; i < points.Length; i++) points[i] = random.NextDouble(ranges[i % d].Lower, ranges[i % d].Upper);
        return points;
    }

    /// <summary>
    /// Checks user-supplied centroids: a non-empty whole number of rows of
    /// <paramref name="measureDim"/> finite coordinates. Returns the number of centroids.
    /// </summary>
    /// <exception cref="ArgumentException">The centroids are malformed (parameter "centroids").</exception>
    public static int Validate(ReadOnlySpan<double> centroids, int measureDim)
    {
        if (measureDim <= 0) throw new ArgumentOutOfRangeException(nameof(measureDim), measureDim, "The measure dimension must be positive.");
        if (centroids.IsEmpty) throw new ArgumentException("A CVT archive needs at least one centroid.", nameof(centroids));
        if (centroids.Length % measureDim != 0)
            throw new ArgumentException($"Got {centroids.Length} centroid coordinates, which is not a whole number of rows of {measureDim} (the measure dimension).", nameof(centroids));
        for (int i = 0; i < centroids.Length; i++)
        {
            if (!double.IsFinite(centroids[i]))
                throw new ArgumentException($"Centroid {i / measureDim}, coordinate {i % measureDim} is {centroids[i]}; centroids must be finite.", nameof(centroids));
        }
        return centroids.Length / measureDim;
    }

    /// <summary>
    /// A 64-bit fingerprint (FNV-1a over the dimension and the coordinates' bits) identifying a
    /// centroid set, e.g. to check that a cached centroid file or a checkpoint matches.
    /// </summary>
    public static ulong Fingerprint(ReadOnlySpan<double> centroids, int measureDim)
    {
        const ulong prime = 0x100000001B3UL;
        ulong hash = 0xCBF29CE484222325UL;
        hash = Mix(hash, (ulong)measureDim);
        hash = Mix(hash, (ulong)centroids.Length);
        foreach (double c in centroids) hash = Mix(hash, (ulong)BitConverter.DoubleToInt64Bits(c));
        return hash;

        static ulong Mix(ulong hash, ulong word)
        {
            for (int b = 0; b < 8; b++)
            {
                hash ^= (word >> (8 * b)) & 0xFF;
                hash *= prime;
            }
            return hash;
        }
    }

    internal static void CheckRanges(IReadOnlyList<(double Lower, double Upper)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0) throw new ArgumentException("Give at least one measure range.", nameof(ranges));
        for (int d = 0; d < ranges.Count; d++)
        {
            var (lower, upper) = ranges[d];
            if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(upper > lower))
                throw new ArgumentException($"Range of measure {d} is [{lower}, {upper}]; it must be finite with lower < upper.", nameof(ranges));
        }
    }
}

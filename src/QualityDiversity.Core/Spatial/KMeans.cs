using QualityDiversity.Randomness;

namespace QualityDiversity.Spatial;

/// <summary>
/// Seeded Lloyd's k-means clustering, used to build the centroids of CVT archives
/// (Vassiliades et al. 2018).
/// </summary>
/// <remarks>
/// <para>Each iteration assigns every sample to its nearest centroid through a <see cref="KdTree"/>
/// rebuilt over the centroids (O(k log k)), then moves each centroid to the mean of its samples.
/// The assignment step runs in parallel over fixed chunks of samples and starts each query from
/// the sample's previous centroid, which usually is still nearest or close, so the tree search
/// prunes almost everything. Means are summed sequentially in sample order, so the result is
/// bit-identical for a seed whatever the number of threads.</para>
/// <para>A centroid left without samples is moved onto the sample farthest from its own
/// centroid (among clusters that keep at least one sample), as scikit-learn does. Clustering
/// stops when no assignment changes or after <see cref="KMeansOptions.MaxIterations"/>.</para>
/// </remarks>
public static class KMeans
{
    private const int ChunkSize = 2048;

    /// <summary>Clusters <paramref name="samples"/> into <paramref name="clusters"/> centroids.</summary>
    /// <param name="samples">Row-major samples, <paramref name="dimension"/> coordinates each.</param>
    /// <param name="dimension">Coordinates per sample.</param>
    /// <param name="clusters">Number of centroids k, at most the number of samples.</param>
    /// <param name="seed">Seed of the initial centroid choice.</param>
    /// <param name="options">Iterations, initialisation and parallelism.</param>
    /// <returns>The centroids, row-major (<paramref name="clusters"/> × <paramref name="dimension"/>).</returns>
    /// <exception cref="ArgumentException">The sizes are inconsistent or a sample is not finite.</exception>
    public static double[] Cluster(ReadOnlySpan<double> samples, int dimension, int clusters, long seed = 0, KMeansOptions? options = null)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be positive.");
        if (samples.Length % dimension != 0)
            throw new ArgumentException($"Got {samples.Length} sample coordinates, which is not a multiple of the dimension {dimension}.", nameof(samples));
        int n = samples.Length / dimension;
        if (clusters <= 0) throw new ArgumentOutOfRangeException(nameof(clusters), clusters, "The number of clusters must be positive.");
        if (clusters > n)
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"Cannot form {clusters} clusters from {n} samples; give at least as many samples as clusters.");
        for (int i = 0; i < samples.Length; i++)
        {
            if (!double.IsFinite(samples[i]))
                throw new ArgumentException($"Sample {i / dimension}, coordinate {i % dimension} is {samples[i]}; samples must be finite.", nameof(samples));
        }
        options ??= new KMeansOptions();
        if (options.MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations cannot be negative.");
        return Run(samples.ToArray(), dimension, clusters, seed, options);
    }

    private static double[] Run(double[] samples, int d, int k, long seed, KMeansOptions options)
    {
        int n = samples.Length / d;
        var random = RandomSource.ForStream(seed, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        double[] centroids = options.Init == KMeansInit.PlusPlus
            ? PlusPlusInit(samples, d, k, random, parallel)
            : RandomSampleInit(samples, d, k, random);

        var tree = new KdTree(d);
        var assignment = new int[n];
        assignment.AsSpan().Fill(-1);
        var distance = new double[n];
        var sums = new double[k * d];
        var counts = new int[k];
        int chunks = (n + ChunkSize - 1) / ChunkSize;

        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            tree.Build(centroids);
            int changed = 0;
            Parallel.For(0, chunks, parallel, () => 0, (chunk, _, local) =>
            {
                int end = Math.Min(n, (chunk + 1) * ChunkSize);
                for (int i = chunk * ChunkSize; i < end; i++)
                {
                    int previous = assignment[i];
                    int nearest = tree.Nearest(samples.AsSpan(i * d, d), previous, out distance[i]);
                    if (nearest != previous) { assignment[i] = nearest; local++; }
                }
                return local;
            }, local => Interlocked.Add(ref changed, local));

            // Sequential sums keep the result independent of thread scheduling.
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int c = assignment[i];
                counts[c]++;
                var sample = samples.AsSpan(i * d, d);
                var sum = sums.AsSpan(c * d, d);
                for (int j = 0; j < d; j++) sum[j] += sample[j];
            }
            int relocated = RelocateEmpty(samples, d, assignment, distance, sums, counts);
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0) continue; // nothing could be moved here; keep the old position
                double inverse = 1.0 / counts[c];
                for (int j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] * inverse;
            }
            if (changed == 0 && relocated == 0) break;
        }
        return centroids;
    }

    private static double[] RandomSampleInit(double[] samples, int d, int k, RandomSource random)
    {
        int n = samples.Length / d;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var centroids = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            // Partial Fisher-Yates: k distinct samples in O(n + k).
            int pick = c + random.NextInt(n - c);
            (order[c], order[pick]) = (order[pick], order[c]);
            samples.AsSpan(order[c] * d, d).CopyTo(centroids.AsSpan(c * d, d));
        }
        return centroids;
    }

    private static double[] PlusPlusInit(double[] samples, int d, int k, RandomSource random, ParallelOptions parallel)
    {
        int n = samples.Length / d;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var centroids = new double[k * d];
        var minDistance = new double[n];
        minDistance.AsSpan().Fill(double.PositiveInfinity);
        var chunkSum = new double[chunks];
        int pick = random.NextInt(n);
        for (int c = 0; ; c++)
        {
            samples.AsSpan(pick * d, d).CopyTo(centroids.AsSpan(c * d, d));
            if (c == k - 1) return centroids;
            int chosen = c;
            // Per-chunk partial sums, added in chunk order, keep the draw deterministic.
            Parallel.For(0, chunks, parallel, chunk =>
            {
                var centre = centroids.AsSpan(chosen * d, d);
                int end = Math.Min(n, (chunk + 1) * ChunkSize);
                double sum = 0;
                for (int i = chunk * ChunkSize; i < end; i++)
                {
                    var sample = samples.AsSpan(i * d, d);
                    double dist = 0;
                    for (int j = 0; j < d; j++) { double t = sample[j] - centre[j]; dist += t * t; }
                    if (dist < minDistance[i]) minDistance[i] = dist;
                    sum += minDistance[i];
                }
                chunkSum[chunk] = sum;
            });
            double total = 0;
            foreach (double s in chunkSum) total += s;
            pick = total > 0 ? Draw(minDistance, chunkSum, random.NextDouble() * total) : random.NextInt(n);
        }
    }

    // The first sample whose cumulative weight exceeds `target`, skipping whole chunks by their sums.
    private static int Draw(double[] weight, double[] chunkSum, double target)
    {
        for (int chunk = 0; chunk < chunkSum.Length; chunk++)
        {
            if (target >= chunkSum[chunk]) { target -= chunkSum[chunk]; continue; }
            int last = -1, end = Math.Min(weight.Length, (chunk + 1) * ChunkSize);
            for (int i = chunk * ChunkSize; i < end; i++)
            {
                if (weight[i] <= 0) continue;
                last = i;
                if (target < weight[i]) return i;
                target -= weight[i];
            }
            if (last >= 0) return last; // rounding left a sliver of weight over
        }
        // Rounding carried the target past the end: take the last sample with any weight.
        for (int i = weight.Length - 1; i >= 0; i--) if (weight[i] > 0) return i;
        return 0;
    }

    private static int RelocateEmpty(double[] samples, int d, int[] assignment, double[] distance, double[] sums, int[] counts)
    {
        int k = counts.Length, empty = 0;
        for (int c = 0; c < k; c++) if (counts[c] == 0) empty++;
        if (empty == 0) return 0;

        int n = assignment.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) => distance[a] != distance[b] ? distance[b].CompareTo(distance[a]) : a.CompareTo(b));
        int next = 0, relocated = 0;
        for (int c = 0; c < k; c++)
        {
            if (counts[c] != 0) continue;
            // Take the farthest sample whose cluster keeps at least one other sample, so a
            // relocation never just moves the emptiness elsewhere.
            while (next < n && counts[assignment[order[next]]] <= 1) next++;
            if (next == n) break;
            int s = order[next++];
            int donor = assignment[s];
            var sample = samples.AsSpan(s * d, d);
            counts[donor]--;
            for (int j = 0; j < d; j++) sums[donor * d + j] -= sample[j];
            counts[c] = 1;
            sample.CopyTo(sums.AsSpan(c * d, d));
            assignment[s] = c;
            relocated++;
        }
        return relocated;
    }
}

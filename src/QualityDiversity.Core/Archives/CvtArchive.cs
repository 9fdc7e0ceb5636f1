using System.Runtime.CompilerServices;
using QualityDiversity.Spatial;

namespace QualityDiversity.Archives;

/// <summary>
/// CVT-MAP-Elites archive (Vassiliades et al. 2018): the measure space is divided into the
/// Voronoi cells of a set of centroids, and a candidate belongs to the cell of its nearest
/// centroid (Euclidean; ties go to the lower centroid index). Cell <c>i</c> is centroid <c>i</c>.
/// </summary>
/// <remarks>
/// <para>Centroids come from seeded k-means over uniform samples of the measure ranges
/// (<see cref="CvtCentroids.Generate"/>), or are given directly. Lookups use a k-d tree over the
/// centroids, exact and O(log cells) per candidate; large batches are looked up in parallel.</para>
/// <para>Thresholds, batch semantics and CMA-MAE updates are those of <see cref="CellArchive{T}"/>.</para>
/// <para>Checkpoints store the elites only; the centroids are configuration. A fingerprint of
/// the centroids is written with them, and restoring into an archive with other centroids
/// raises <see cref="InvalidDataException"/>.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class CvtArchive<T> : CellArchive<T>
{
    // Below this many candidates a batch lookup is not worth the cost of starting tasks.
    private const int ParallelBatchThreshold = 4096;

    private readonly double[] _centroids;
    private readonly KdTree _tree;
    private readonly ulong _fingerprint;

    /// <summary>
    /// A CVT archive of <paramref name="cells"/> cells whose centroids are computed by k-means
    /// over <paramref name="samples"/> uniform samples of <paramref name="ranges"/>.
    /// </summary>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="cells">Number of cells (centroids).</param>
    /// <param name="ranges">(lower, upper) per measure axis.</param>
    /// <param name="options">Thresholds, QD-score offset, features, codec.</param>
    /// <param name="samples">Uniform samples clustered into centroids (pyribs' default 100,000).</param>
    /// <param name="seed">Seed of the samples and k-means; the same seed gives the same cells.</param>
    /// <param name="kMeans">k-means iterations, initialisation and parallelism.</param>
    public CvtArchive(int solutionWidth, int cells, IReadOnlyList<(double Lower, double Upper)> ranges, ArchiveOptions<T>? options = null,
        int samples = CvtCentroids.DefaultSamples, long seed = 0, KMeansOptions? kMeans = null)
        : this(solutionWidth, CvtCentroids.Generate(cells, ranges, samples, seed, kMeans), ranges.Count, options)
    {
        Ranges = ranges.ToArray();
    }

    /// <summary>A CVT archive over the given centroids (e.g. loaded from a cache file).</summary>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="centroids">Row-major centroids, <paramref name="measureDim"/> finite coordinates each; copied.</param>
    /// <param name="measureDim">Measures per candidate.</param>
    /// <param name="options">Thresholds, QD-score offset, features, codec.</param>
    public CvtArchive(int solutionWidth, double[] centroids, int measureDim, ArchiveOptions<T>? options = null)
        : base(CountCentroids(centroids, measureDim), solutionWidth, measureDim, options)
    {
        _centroids = (double[])centroids.Clone();
        _tree = new KdTree(_centroids, measureDim);
        _fingerprint = CvtCentroids.Fingerprint(_centroids, measureDim);
    }

    private static int CountCentroids(double[] centroids, int measureDim)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        return CvtCentroids.Validate(centroids, measureDim);
    }

    /// <summary>The centroids, row-major (<see cref="ArchiveBase{T}.CellCount"/> × <see cref="ArchiveBase{T}.MeasureDim"/>).</summary>
    public ReadOnlySpan<double> Centroids => _centroids;

    /// <summary>The measure ranges the centroids were generated in, or null when centroids were given directly.</summary>
    public IReadOnlyList<(double Lower, double Upper)>? Ranges { get; }

    /// <summary>The fingerprint of the centroids (<see cref="CvtCentroids.Fingerprint"/>).</summary>
    public ulong CentroidFingerprint => _fingerprint;

    /// <summary>The centroid of cell <paramref name="cell"/>.</summary>
    public ReadOnlySpan<double> Centroid(int cell)
    {
        if ((uint)cell >= (uint)CellCount) throw new ArgumentOutOfRangeException(nameof(cell), cell, $"The archive has {CellCount} cells.");
        return _centroids.AsSpan(cell * MeasureDim, MeasureDim);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int CellOf(ReadOnlySpan<double> measures)
    {
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Expected {MeasureDim} measures, got {measures.Length}.", nameof(measures));
        return _tree.Nearest(measures);
    }

    /// <inheritdoc />
    public override void CellsOf(ReadOnlySpan<double> measures, Span<int> cells)
    {
        int d = MeasureDim, n = cells.Length;
        if (measures.Length != n * d)
            throw new ArgumentException($"Got {measures.Length} measure values for {n} cells; expected {n * d} ({d} per cell).", nameof(measures));
        if (n < ParallelBatchThreshold)
        {
            for (int i = 0; i < n; i++) cells[i] = _tree.Nearest(measures.Slice(i * d, d));
            return;
        }
        LookUpInParallel(measures, cells);
    }

    // Spans cannot enter the parallel lambda, so both are pinned and passed as addresses: no
    // per-batch copies (which, for large batches, landed on the large-object heap).
    private unsafe void LookUpInParallel(ReadOnlySpan<double> measures, Span<int> cells)
    {
        int d = MeasureDim, n = cells.Length;
        const int chunk = 1024;
        fixed (double* queryStart = measures)
        fixed (int* cellStart = cells)
        {
            nint queries = (nint)queryStart, result = (nint)cellStart;
            Parallel.For(0, (n + chunk - 1) / chunk, c =>
            {
                int end = Math.Min(n, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++)
                    ((int*)result)[i] = _tree.Nearest(new ReadOnlySpan<double>((double*)queries + i * d, d));
            });
        }
    }

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        writer.Write(CellCount);
        writer.Write(MeasureDim);
        writer.Write(_fingerprint);
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        int cells = reader.ReadInt32(), measureDim = reader.ReadInt32();
        ulong fingerprint = reader.ReadUInt64();
        if (cells != CellCount || measureDim != MeasureDim || fingerprint != _fingerprint)
            throw new InvalidDataException(
                $"Checkpoint was written by a CVT archive with other centroids ({cells} cells in {measureDim}-D, fingerprint {fingerprint:X16}); " +
                $"this archive has {CellCount} cells in {MeasureDim}-D, fingerprint {_fingerprint:X16}. " +
                "Rebuild the archive with the same centroids (same cells, ranges, samples and seed, or the same centroid file) to resume.");
    }
}

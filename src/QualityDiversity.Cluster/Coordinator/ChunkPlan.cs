namespace QualityDiversity.Cluster.Coordinator;

/// <summary>The contiguous chunks a batch of candidates is split into, of nearly equal size.</summary>
internal readonly struct ChunkPlan
{
    private readonly int _count;

    /// <summary>Splits <paramref name="count"/> candidates into chunks of at most <paramref name="chunkSize"/>.</summary>
    public ChunkPlan(int count, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _count = count;
        Chunks = (count + chunkSize - 1) / chunkSize;
    }

    /// <summary>Number of chunks.</summary>
    public int Chunks { get; }

    /// <summary>First candidate of chunk <paramref name="chunk"/>.</summary>
    public int Start(int chunk) => (int)((long)_count * chunk / Chunks);

    /// <summary>Candidates in chunk <paramref name="chunk"/>.</summary>
    public int Length(int chunk) => Start(chunk + 1) - Start(chunk);

    /// <summary>
    /// The automatic chunk size: about two chunks per lane, so that fast lanes can take more of
    /// them while each call still carries enough work to be worth its round trip.
    /// </summary>
    public static int AutomaticSize(int count, int lanes) => Math.Max(1, (count + ChunksPerLane * lanes - 1) / (ChunksPerLane * lanes));

    /// <summary>Chunks per lane of the automatic size.</summary>
    public const int ChunksPerLane = 2;
}

using QualityDiversity.Randomness;

namespace QualityDiversity.Archives;

/// <summary>
/// The density model of Density Descent Search (DDS; D. H. Lee, A. Palaparthi, M. C. Fontaine,
/// B. Tjanaka and S. Nikolaidis, "Density Descent for Diversity Optimization", GECCO 2024; pyribs'
/// <c>DensityArchive</c>): a uniform sample of the measures offered so far, held in a buffer,
/// and a Gaussian kernel density estimate over it. A candidate's value is its negative density,
/// so ranking by value prefers the least explored regions of measure space.
/// </summary>
/// <remarks>
/// <para><b>Density</b>: with buffer b_1…b_N and bandwidth h,
/// ρ(m) = Σ_i φ(‖m − b_i‖ / h) / (N·h), φ(x) = exp(−x²/2)/√(2π), and ρ = 0 for an empty
/// buffer. The normalisation is pyribs' (1/h whatever the measure dimension): it is a constant
/// factor, so rankings are those of a proper density.</para>
/// <para><b>Buffer</b>: the first <see cref="BufferSize"/> measures fill it; after that each
/// offered measure replaces a uniformly chosen entry with probability that keeps the buffer a
/// uniform sample of everything offered (reservoir sampling, Li 1994, "Algorithm L", which draws
/// how many candidates to skip rather than a number per candidate). Candidates are streamed in
/// batch order (<see cref="ReservoirRule.Uniform"/>), or replaced as pyribs 0.8.3 does
/// (<see cref="ReservoirRule.Pyribs"/>, which mostly copies the batch's first candidate).</para>
/// <para><b>Batch semantics</b>: every candidate's density is taken before the batch enters the
/// buffer; value = −density; status is <see cref="AddStatus.New"/> for every candidate (pyribs'
/// placeholder: nothing is stored). The archive holds no elites, so a search using it needs a
/// result archive, and its emitters draw from that one.</para>
/// <para>The sampling draws come from the archive's own seeded generator, which is checkpointed.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class DensityArchive<T> : ArchiveBase<T>
{
    /// <summary>Default buffer size (pyribs').</summary>
    public const int DefaultBufferSize = 10_000;

    private static readonly double InverseSqrtTwoPi = 1.0 / Math.Sqrt(2 * Math.PI);

    private readonly double[] _buffer; // BufferSize × MeasureDim
    private readonly RandomSource _random;
    private int _count;
    private long _seen;
    private double _w;    // Algorithm L's running maximum weight
    private long _skip;   // candidates to pass over before the next replacement

    /// <summary>Creates an empty density archive.</summary>
    /// <param name="solutionWidth">Elements per solution of the batches offered (solutions are not kept).</param>
    /// <param name="measureDim">Measures per candidate.</param>
    /// <param name="bandwidth">Kernel bandwidth h; positive and finite.</param>
    /// <param name="seed">Seed of the buffer's sampling.</param>
    /// <param name="bufferSize">Number of measures kept; at least 1.</param>
    /// <param name="options">QD-score offset and codec; the learning rate and threshold_min must
    /// keep their defaults, and no features are kept.</param>
    /// <param name="reservoir">Which candidates replace buffered measures once the buffer is full.</param>
    public DensityArchive(int solutionWidth, int measureDim, double bandwidth, ulong seed, int bufferSize = DefaultBufferSize, ArchiveOptions<T>? options = null,
        ReservoirRule reservoir = ReservoirRule.Uniform)
        : base(0, solutionWidth, measureDim, 0, double.NegativeInfinity, (options ??= new()).QdScoreOffset, options.Codec)
    {
        if (!(bandwidth > 0) || !double.IsFinite(bandwidth))
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The bandwidth must be positive and finite.");
        if (bufferSize < 1) throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "The buffer size must be at least 1.");
        if (options.LearningRate != 1.0 || !double.IsNegativeInfinity(options.ThresholdMin))
            throw new ArgumentException("A density archive has no thresholds; leave the learning rate at 1 and threshold_min at -infinity.", nameof(options));
        if (options.FeatureDim != 0)
            throw new ArgumentException("A density archive keeps no features; leave FeatureDim at 0.", nameof(options));
        if (!Enum.IsDefined(reservoir)) throw new ArgumentOutOfRangeException(nameof(reservoir), reservoir, "Unknown reservoir rule.");
        Bandwidth = bandwidth;
        Reservoir = reservoir;
        BufferSize = bufferSize;
        _buffer = new double[bufferSize * measureDim];
        _random = new RandomSource(seed);
        StartReservoir();
    }

    /// <summary>Kernel bandwidth h.</summary>
    public double Bandwidth { get; }

    /// <summary>Which candidates replace buffered measures once the buffer is full.</summary>
    public ReservoirRule Reservoir { get; }

    /// <summary>Number of measures the buffer keeps.</summary>
    public int BufferSize { get; }

    /// <summary>Number of measures in the buffer.</summary>
    public int BufferCount => _count;

    /// <summary>Number of candidates offered since construction or <see cref="Clear"/>.</summary>
    public long CandidatesSeen => _seen;

    /// <summary>The buffered measures, row-major.</summary>
    public ReadOnlySpan<double> Buffer => _buffer.AsSpan(0, _count * MeasureDim);

    /// <summary>The archive stores no elites, so it has no cells; coverage and QD score are 0.</summary>
    public override int CellCount => 0;

    /// <summary>The density estimate at each row of <paramref name="measures"/> (see remarks).</summary>
    public void ComputeDensity(ReadOnlySpan<double> measures, Span<double> density)
    {
        int d = MeasureDim;
        if (measures.Length % d != 0)
            throw new ArgumentException($"Got {measures.Length} measure values; expected a multiple of {d}.", nameof(measures));
        int n = measures.Length / d;
        if (density.Length < n) throw new ArgumentException($"Room for {density.Length} values but {n} rows of measures.", nameof(density));
        if (_count == 0)
        {
            density[..n].Clear();
            return;
        }
        double scale = 0.5 / (Bandwidth * Bandwidth);
        double norm = InverseSqrtTwoPi / (_count * Bandwidth);
        if ((long)n * _count < ParallelWork || n < 2)
        {
            for (int i = 0; i < n; i++) density[i] = RowDensity(measures.Slice(i * d, d), scale) * norm;
            return;
        }
        DensityInParallel(measures, density[..n], scale, norm);
    }

    // Kernel evaluations below which one thread is faster than handing rows to the thread pool.
    private const long ParallelWork = 1 << 16;

    // Rows are independent and each is summed in the same order as on one thread, so the values
    // are bit-identical whichever path computed them. Spans cannot enter the lambda, so both are
    // pinned and passed as addresses.
    private unsafe void DensityInParallel(ReadOnlySpan<double> measures, Span<double> density, double scale, double norm)
    {
        int d = MeasureDim, n = density.Length;
        int chunk = Math.Max(1, (int)Math.Min(n, ParallelWork / _count + 1));
        fixed (double* queryStart = measures)
        fixed (double* resultStart = density)
        {
            nint queries = (nint)queryStart, result = (nint)resultStart;
            Parallel.For(0, (n + chunk - 1) / chunk, c =>
            {
                int end = Math.Min(n, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++)
                    ((double*)result)[i] = RowDensity(new ReadOnlySpan<double>((double*)queries + i * d, d), scale) * norm;
            });
        }
    }

    // Σ_b exp(−‖m − b‖² · scale) over the buffer, in buffer order.
    private double RowDensity(ReadOnlySpan<double> m, double scale)
    {
        int d = MeasureDim;
        var buffer = _buffer.AsSpan(0, _count * d);
        double sum = 0;
        if (d == 2)
        {
            // The common case, unrolled; the same operations in the same order as the general loop.
            double m0 = m[0], m1 = m[1];
            for (int b = 0; b < buffer.Length; b += 2)
            {
                double d0 = m0 - buffer[b], d1 = m1 - buffer[b + 1];
                double squared = d0 * d0;
                squared += d1 * d1;
                sum += Math.Exp(-squared * scale);
            }
            return sum;
        }
        for (int b = 0; b < _count; b++)
        {
            var point = buffer.Slice(b * d, d);
            double squared = 0;
            for (int c = 0; c < d; c++)
            {
                double diff = m[c] - point[c];
                squared += diff * diff;
            }
            sum += Math.Exp(-squared * scale);
        }
        return sum;
    }

    /// <summary>Always -1: the archive stores no elites.</summary>
    public override int FindSlot(ReadOnlySpan<double> measures)
    {
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Expected {MeasureDim} measures, got {measures.Length}.", nameof(measures));
        return -1;
    }

    /// <inheritdoc />
    private protected override void AddCore(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value)
    {
        int n = batch.Count, d = MeasureDim;
        var measures = batch.Measures.Span;
        ComputeDensity(measures, value);
        for (int i = 0; i < n; i++)
        {
            value[i] = -value[i];
            status[i] = AddStatus.New;
        }
        if (Reservoir == ReservoirRule.Uniform)
        {
            for (int i = 0; i < n; i++) Offer(measures.Slice(i * d, d));
            return;
        }
        OfferAsPyribs(measures, n);
    }

    // pyribs 0.8.3's loop over the candidates left after filling, kept literally: the pending
    // skip indexes them from their start, and a replacement takes nothing off what is left, so a
    // skip drawn after one replacement and used up in this batch leaves skip 0 and the next
    // replacement copies the first of them again.
    private void OfferAsPyribs(ReadOnlySpan<double> measures, int n)
    {
        int d = MeasureDim;
        _seen += n;
        int fill = Math.Min(BufferSize - _count, n);
        measures[..(fill * d)].CopyTo(_buffer.AsSpan(_count * d));
        _count += fill;
        var remaining = measures[(fill * d)..];
        long left = n - fill;
        while (left > 0)
        {
            if (_skip < left)
            {
                remaining.Slice((int)_skip * d, d).CopyTo(_buffer.AsSpan(_random.NextInt(BufferSize) * d, d));
                _w *= Math.Exp(Math.Log(OpenUnit()) / BufferSize);
                _skip = DrawSkip();
            }
            long skip = Math.Min(_skip, left);
            left -= skip;
            _skip -= skip;
        }
    }

    private void Offer(ReadOnlySpan<double> measures)
    {
        int d = MeasureDim;
        _seen++;
        if (_count < BufferSize)
        {
            measures.CopyTo(_buffer.AsSpan(_count * d, d));
            _count++;
            return;
        }
        if (_skip > 0)
        {
            _skip--;
            return;
        }
        measures.CopyTo(_buffer.AsSpan(_random.NextInt(BufferSize) * d, d));
        _w *= Math.Exp(Math.Log(OpenUnit()) / BufferSize);
        _skip = DrawSkip();
    }

    private void StartReservoir()
    {
        _w = Math.Exp(Math.Log(OpenUnit()) / BufferSize);
        _skip = DrawSkip();
    }

    // ⌊ln u / ln(1 − W)⌋, the number of candidates passed over before the next replacement.
    private long DrawSkip()
    {
        double skip = Math.Floor(Math.Log(OpenUnit()) / Math.Log(1 - _w));
        return skip >= long.MaxValue ? long.MaxValue : skip > 0 ? (long)skip : 0;
    }

    // Uniform in (0, 1), so that its logarithm is finite.
    private double OpenUnit() => ((_random.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public override void Clear()
    {
        base.Clear();
        _count = 0;
        _seen = 0;
        StartReservoir();
    }

    /// <inheritdoc />
    protected override void WriteConfiguration(BinaryWriter writer)
    {
        // The pyribs rule is marked by a negated size, so checkpoints of the uniform rule keep the
        // format they had before the rule was a choice.
        writer.Write(Reservoir == ReservoirRule.Pyribs ? -BufferSize : BufferSize);
        writer.Write(Bandwidth);
    }

    /// <inheritdoc />
    protected override void ReadConfiguration(BinaryReader reader)
    {
        long size = reader.ReadInt32();
        double bandwidth = reader.ReadDouble();
        var reservoir = size < 0 ? ReservoirRule.Pyribs : ReservoirRule.Uniform;
        size = Math.Abs(size); // long: a damaged int.MinValue must not overflow
        if (size != BufferSize || BitConverter.DoubleToInt64Bits(bandwidth) != BitConverter.DoubleToInt64Bits(Bandwidth) || reservoir != Reservoir)
            throw new InvalidDataException($"Checkpoint was written by a density archive with buffer size {size}, bandwidth {bandwidth} and reservoir rule {reservoir}; this one has {BufferSize}, {Bandwidth} and {Reservoir}.");
    }

    /// <inheritdoc />
    /// <remarks>After the (empty) store: the buffer, the sampling state and the generator.</remarks>
    public override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_count);
        writer.Write(_seen);
        writer.Write(_w);
        writer.Write(_skip);
        foreach (double v in Buffer) writer.Write(v);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        int count = reader.ReadInt32();
        long seen = reader.ReadInt64();
        double w = reader.ReadDouble();
        long skip = reader.ReadInt64();
        if (count < 0 || count > BufferSize || seen < count || skip < 0 || !(w > 0 && w <= 1))
            throw new InvalidDataException($"Checkpoint density buffer is inconsistent: {count} of {BufferSize} measures after {seen} candidates, W = {w}, skip = {skip}.");
        var buffer = new double[count * MeasureDim];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = reader.ReadDouble();
        var random = new RandomSource(0UL);
        random.ReadState(reader);

        buffer.CopyTo(_buffer, 0);
        _count = count;
        _seen = seen;
        _w = w;
        _skip = skip;
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) random.WriteState(writer);
        state.Position = 0;
        using var stateReader = new BinaryReader(state);
        _random.ReadState(stateReader);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Randomness;

/// <summary>
/// A seedable, serialisable pseudo-random generator (xoshiro256** seeded through SplitMix64)
/// with fast uniform and standard normal draws. Its whole state can be saved and restored, which
/// is what makes an interrupted run resumable to a bit-identical result.
/// </summary>
/// <remarks>Not thread-safe: give each emitter or worker its own instance.</remarks>
public sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose stream is fully determined by <paramref name="seed"/>.</summary>
    public RandomSource(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Creates a generator from a signed seed (negative seeds are valid and distinct).</summary>
    public RandomSource(long seed) : this(unchecked((ulong)seed)) { }

    /// <summary>
    /// Derives a child generator for component <paramref name="stream"/> of a run seeded with
    /// <paramref name="seed"/>, so that several emitters seeded from one run seed draw independent streams.
    /// </summary>
    public static RandomSource ForStream(long seed, int stream)
    {
        ulong x = unchecked((ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)));
        return new RandomSource(SplitMix64(ref x));
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Must be positive.");
        // Lemire's multiply-shift with rejection: unbiased and division-free in the common case.
        ulong range = (ulong)exclusiveMax;
        ulong product = (NextUInt64() >> 32) * range;
        uint low = (uint)product;
        if (low < range)
        {
            uint threshold = (uint)((0x1_0000_0000UL - range) % range);
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>
    /// A standard normal draw by the ziggurat method: one 64-bit draw and a multiply in about
    /// 98% of calls, which matters because mutation operators draw one normal per coordinate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextGaussian()
    {
        ulong bits = NextUInt64();
        // The top 53 bits give u in [-1, 1); the lowest 7 bits, unused by u, pick the layer.
        double u = 2.0 * ((bits >> 11) * (1.0 / (1UL << 53))) - 1.0;
        int layer = (int)(bits & (ZigguratTables.Layers - 1));
        if (Math.Abs(u) < Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ZigguratTables.Ratio), layer))
            return u * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ZigguratTables.X), layer);
        return GaussianOutsideRectangles(u, layer);
    }

    // The rare path: the draw fell in a layer's wedge or in the base layer; retry until accepted.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double GaussianOutsideRectangles(double u, int layer)
    {
        var x = ZigguratTables.X;
        var ratio = ZigguratTables.Ratio;
        while (true)
        {
            if (Math.Abs(u) < ratio[layer]) return u * x[layer];
            if (layer == 0) return SampleTail(u < 0);
            double candidate = u * x[layer];
            double f0 = Math.Exp(-0.5 * (x[layer] * x[layer] - candidate * candidate));
            double f1 = Math.Exp(-0.5 * (x[layer + 1] * x[layer + 1] - candidate * candidate));
            if (f1 + NextDouble() * (f0 - f1) < 1.0) return candidate;
            ulong bits = NextUInt64();
            u = 2.0 * ((bits >> 11) * (1.0 / (1UL << 53))) - 1.0;
            layer = (int)(bits & (ZigguratTables.Layers - 1));
        }
    }

    // Marsaglia's exact method for the normal tail beyond r.
    private double SampleTail(bool negative)
    {
        const double r = ZigguratTables.TailStart;
        double a, b;
        do
        {
            a = Math.Log(NextOpenDouble()) / r;
            b = Math.Log(NextOpenDouble());
        } while (-2 * b < a * a);
        return negative ? a - r : r - a;
    }

    /// <summary>A uniform double in (0, 1], safe to take the logarithm of.</summary>
    private double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>
    /// Lengths from which <see cref="FillGaussian(Span{double})"/> switches from the ziggurat to
    /// the vectorised Box–Muller lanes, whose seeding cost only pays off over many draws.
    /// </summary>
    internal const int LaneFillThreshold = 64;

    /// <summary>
    /// Fills <paramref name="destination"/> with independent standard normal draws. Short spans
    /// (under 64 values) get the same values as calling <see cref="NextGaussian"/> repeatedly;
    /// longer ones come from eight SIMD generators seeded from this one, which advances by
    /// exactly eight draws. The values are the same on every machine, whatever its vector width.
    /// </summary>
    /// <remarks>
    /// The lane generators are seeded afresh at each call (each from one draw of this generator,
    /// expanded by SplitMix64 as in the constructor) and discarded afterwards, so the saved state
    /// stays the four words of this generator and a resumed run continues bit-identically. The
    /// normals come from the Box–Muller transform with exactly rounded arithmetic; see
    /// <see cref="GaussianLanes"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillGaussian(Span<double> destination)
    {
        if (destination.Length < LaneFillThreshold) FillGaussianByZiggurat(destination);
        else FillGaussian(destination, GaussianKernel.Auto);
    }

    /// <summary>
    /// Lengths from which the lane path is split over the cores, with the same values: about a
    /// quarter of a millisecond of work, which a 10,000 x 100-D batch has and a 540 x 100-D one
    /// has not.
    /// </summary>
    internal const int SplitFillThreshold = 262_144;

    /// <summary>
    /// Lengths from which a one-pass lane fill is shared with the partner thread (about 20 µs of
    /// work, against a hand-over of a few): a 540 x 100-D batch is; a CMA-ES batch of 36 x 100 is not.
    /// </summary>
    internal const int PartnerFillThreshold = 16_384;

    /// <summary>The lane path of <see cref="FillGaussian(Span{double})"/> with a chosen implementation, for tests.</summary>
    internal void FillGaussian(Span<double> destination, GaussianKernel kernel) =>
        FillGaussian(destination, kernel, PartsFor(destination.Length), PartnerFor(destination.Length));

    /// <summary>
    /// Writes the values of <see cref="FillGaussian(Span{double})"/> into
    /// <paramref name="destination"/> and hands ranges [from, to) of them, which together cover it
    /// once, to <paramref name="transform"/> as soon as each is written. Where the fill is shared
    /// with the partner thread, each half is transformed on the thread that drew it, so
    /// <paramref name="transform"/> must be safe to run on two disjoint ranges at once.
    /// </summary>
    internal void FillGaussian(Span<double> destination, Action<int, int> transform)
    {
        int length = destination.Length;
        if (length < LaneFillThreshold)
        {
            FillGaussianByZiggurat(destination);
            transform(0, length);
        }
        else FillGaussian(destination, GaussianKernel.Auto, PartsFor(length), PartnerFor(length), transform);
    }

    /// <summary>
    /// The lane path in <paramref name="parts"/> parts over the thread pool, or in two with
    /// <paramref name="partner"/> when it is given and free (any way gives the same values), then
    /// <paramref name="transform"/> as in <see cref="FillGaussian(Span{double}, Action{int, int})"/>; for tests.
    /// </summary>
    internal void FillGaussian(Span<double> destination, GaussianKernel kernel, int parts, PartnerThread? partner = null, Action<int, int>? transform = null)
    {
        Span<ulong> lanes = stackalloc ulong[GaussianLanes.StateWords];
        SeedLanes(lanes);
        if (partner is not null && GaussianFillSplit.TryRunOnPartner(destination, lanes, kernel, partner, transform)) return;
        if (parts <= 1) GaussianLanes.Fill(destination, lanes, kernel);
        else GaussianFillSplit.Run(destination, lanes, kernel, parts);
        transform?.Invoke(0, destination.Length);
    }

    // Thread-pool parts of a lane fill of this length: one below the split threshold.
    private static int PartsFor(int length) =>
        length < SplitFillThreshold ? 1 : Math.Min(Environment.ProcessorCount, length / (SplitFillThreshold / 2));

    // The partner thread shares one-pass lane fills of some tens of microseconds where it has a
    // core of its own: Box–Muller is bound by arithmetic units, which hardware threads of one core share.
    private static PartnerThread? PartnerFor(int length) =>
        length >= PartnerFillThreshold && length < SplitFillThreshold ? PartnerThread.ForArithmetic : null;

    // The lane generators of one fill, each seeded from one draw of this generator expanded by SplitMix64.
    private void SeedLanes(Span<ulong> lanes)
    {
        for (int lane = 0; lane < GaussianLanes.Lanes; lane++)
        {
            ulong x = NextUInt64();
            for (int word = 0; word < 4; word++) lanes[word * GaussianLanes.Lanes + lane] = SplitMix64(ref x);
        }
    }

    // NextGaussian in a loop, with the generator state kept in registers.
    private void FillGaussianByZiggurat(Span<double> destination)
    {
        ref double ratio = ref MemoryMarshal.GetArrayDataReference(ZigguratTables.Ratio);
        ref double edge = ref MemoryMarshal.GetArrayDataReference(ZigguratTables.X);
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int i = 0; i < destination.Length; i++)
        {
            ulong bits = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
            double u = 2.0 * ((bits >> 11) * (1.0 / (1UL << 53))) - 1.0;
            int layer = (int)(bits & (ZigguratTables.Layers - 1));
            if (Math.Abs(u) < Unsafe.Add(ref ratio, layer))
            {
                destination[i] = u * Unsafe.Add(ref edge, layer);
                continue;
            }
            _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
            destination[i] = GaussianOutsideRectangles(u, layer);
            s0 = _s0; s1 = _s1; s2 = _s2; s3 = _s3;
        }
        _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
    }

    /// <summary>Fills <paramref name="destination"/> with uniform draws in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<double> destination, double low, double high)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = low + (high - low) * NextDouble();
    }

    /// <summary>Writes the complete generator state.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_s0); writer.Write(_s1); writer.Write(_s2); writer.Write(_s3);
    }

    /// <summary>Restores a state written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _s0 = reader.ReadUInt64(); _s1 = reader.ReadUInt64(); _s2 = reader.ReadUInt64(); _s3 = reader.ReadUInt64();
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

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
    private double _spareNormal;
    private bool _hasSpare;

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

    /// <summary>A standard normal draw (Marsaglia's polar method; the second value of each pair is kept).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard normal draws.</summary>
    public void FillGaussian(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextGaussian();
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
        writer.Write(_hasSpare); writer.Write(_spareNormal);
    }

    /// <summary>Restores a state written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _s0 = reader.ReadUInt64(); _s1 = reader.ReadUInt64(); _s2 = reader.ReadUInt64(); _s3 = reader.ReadUInt64();
        _hasSpare = reader.ReadBoolean(); _spareNormal = reader.ReadDouble();
    }
}

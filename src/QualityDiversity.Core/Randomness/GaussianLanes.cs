using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QualityDiversity.Randomness;

/// <summary>Which implementation of the lane kernel fills a buffer; all give bit-identical values.</summary>
internal enum GaussianKernel
{
    /// <summary>The widest implementation the hardware accelerates.</summary>
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>
/// Bulk standard normal draws from <see cref="Lanes"/> independent xoshiro256** generators
/// through the Box–Muller transform, written once over <see cref="ILaneOperations{TDouble, TBits}"/>
/// and run at whatever vector width the hardware has.
/// </summary>
/// <remarks>
/// <para>
/// Why Box–Muller rather than the ziggurat: it has no rejection and no table look-up, so every
/// lane does the same work and nothing needs gathering. Why our own polynomials rather than
/// <see cref="Math.Log(double)"/>, <see cref="Math.Sin"/> or <c>Vector256.Log</c>: those are not
/// specified to the last bit and may differ between platforms and between their scalar and
/// vector forms, while the kernel below uses only exactly defined operations (integer and bit
/// operations, correctly rounded +, −, ×, ÷, square root and fused multiply-add, which is
/// emulated exactly where the hardware lacks it), so every width and every machine produces the
/// same bits.
/// </para>
/// <para>
/// Each lane turns two 64-bit draws into two normals: the top 52 bits of the first give
/// u ∈ (0, 1] and the radius √(−2 ln u); the top 52 bits of the second give t ∈ [−1, 1) and the
/// angle φ = tπ/4, whose cosine and sine are carried to a uniform angle by two spare low bits
/// (negate the cosine, swap the pair). With the sign of t these reach all eight symmetries of
/// the square, which map [−π/4, π/4) onto the whole circle, so no argument reduction is needed.
/// </para>
/// <para>
/// Accuracy, measured against 50-digit references over the kernel's inputs: −2 ln u within
/// 1.5 ulp, sin φ within 1.5 ulp, cos φ within 1.01 ulp, and each normal within 4.2·10⁻¹⁶
/// relative of the exact Box–Muller value of its bits. The polynomials' own approximation error
/// (below 5·10⁻¹⁷ relative with coefficients rounded to double) is under the rounding error of
/// evaluating them.
/// </para>
/// <para>
/// Output layout: block j of 16 values holds the first normal of lanes 0–7 at 16j + lane and
/// the second at 16j + 8 + lane; a final partial block keeps its first values. The layout does
/// not depend on the vector width.
/// </para>
/// </remarks>
internal static class GaussianLanes
{
    /// <summary>Independent generators; fixed, so that the output does not depend on the hardware.</summary>
    public const int Lanes = 8;

    /// <summary>Values produced per step of all lanes.</summary>
    public const int BlockLength = 2 * Lanes;

    /// <summary>Words of lane state: word k of lane l is at k·<see cref="Lanes"/> + l.</summary>
    public const int StateWords = 4 * Lanes;

    private const ulong OneBits = 0x3FF0_0000_0000_0000UL;      // 1.0
    private const ulong TwoBits = 0x4000_0000_0000_0000UL;      // 2.0
    private const ulong MantissaMask = 0x000F_FFFF_FFFF_FFFFUL;
    private const ulong SqrtHalfBits = 0x3FE6_A09E_667F_3BCDUL; // √½, the lower end of the reduced mantissa
    private const ulong ExponentMagicBits = 0x4330_0000_0000_0000UL; // 2^52: small integers OR-ed in convert exactly
    private const double ExponentMagic = 4503599627370496.0 + 1023.0;

    private const double Ln2 = 0.6931471805599453;

    // Polynomials fitted (Chebyshev, 60-digit arithmetic) for this kernel; w is the square of the argument.
    // (ln(1+s) − ln(1−s) − 2s) / s³ on w = s² ∈ [0, ((√2−1)/(√2+1))²]; approximation error 3·10⁻¹⁶,
    // which enters ln m multiplied by s²/2 ≤ 0.015.
    private const double L0 = 0.666666666666667, L1 = 0.39999999999899505, L2 = 0.28571428625975487,
        L3 = 0.2222221113479508, L4 = 0.18182889125261723, L5 = 0.15331721600556042, L6 = 0.14616449685043406;

    // sin(tπ/4) / t on w = t² ∈ [0, 1]; relative error 2.5·10⁻¹⁸.
    private const double S0 = 0.7853981633974483, S1 = -0.08074551218828054, S2 = 0.002490394570188844,
        S3 = -3.657620415891387e-05, S4 = 3.133616225433416e-07, S5 = -1.7571500746983935e-09, S6 = 6.877360573166326e-12;

    // cos(tπ/4) on w = t² ∈ [0, 1]; relative error 3·10⁻²⁰.
    private const double C0 = 1.0, C1 = -0.30842513753404244, C2 = 0.01585434424381542, C3 = -0.00032599188692673765,
        C4 = 3.590860446027952e-06, C5 = -2.4611364033652597e-08, C6 = 1.1500512028217341e-10, C7 = -3.8581890073416675e-13;

    /// <summary>The widest implementation this machine accelerates.</summary>
    public static GaussianKernel Best { get; } =
        Vector512.IsHardwareAccelerated ? GaussianKernel.Vector512
        : Vector256.IsHardwareAccelerated ? GaussianKernel.Vector256
        : Vector128.IsHardwareAccelerated ? GaussianKernel.Vector128
        : GaussianKernel.Scalar;

    /// <summary>
    /// Fills <paramref name="destination"/> from the lane generators in <paramref name="state"/>
    /// (<see cref="StateWords"/> words, left unchanged: the caller seeds fresh lanes for every fill).
    /// </summary>
    public static void Fill(Span<double> destination, ReadOnlySpan<ulong> state, GaussianKernel kernel = GaussianKernel.Auto) =>
        FillBlocks(destination, state, 0, destination.Length / BlockLength, kernel);

    /// <summary>
    /// Writes only blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> − 1 of what
    /// <see cref="Fill"/> would write into <paramref name="destination"/> (and the final partial
    /// block when <paramref name="endBlock"/> is the last full block), bit for bit: the lanes
    /// first step over the 2·<paramref name="firstBlock"/> draws of the blocks before. Disjoint
    /// ranges can therefore be filled on different threads.
    /// </summary>
    public static void FillBlocks(Span<double> destination, ReadOnlySpan<ulong> state, int firstBlock, int endBlock, GaussianKernel kernel = GaussianKernel.Auto)
    {
        if (state.Length != StateWords) throw new ArgumentException($"Lane state must have {StateWords} words.", nameof(state));
        int blocks = destination.Length / BlockLength;
        if ((uint)firstBlock > (uint)endBlock || endBlock > blocks)
            throw new ArgumentOutOfRangeException(nameof(endBlock), $"Blocks {firstBlock} to {endBlock} are not a range of the {blocks} full blocks.");
        switch (kernel == GaussianKernel.Auto ? Best : kernel)
        {
            case GaussianKernel.Vector512: Fill<Vector512Lanes, Vector512<double>, Vector512<ulong>>(destination, state, firstBlock, endBlock); break;
            case GaussianKernel.Vector256: Fill<Vector256Lanes, Vector256<double>, Vector256<ulong>>(destination, state, firstBlock, endBlock); break;
            case GaussianKernel.Vector128: Fill<Vector128Lanes, Vector128<double>, Vector128<ulong>>(destination, state, firstBlock, endBlock); break;
            default: Fill<ScalarLanes, double, ulong>(destination, state, firstBlock, endBlock); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<TLanes, TDouble, TBits>(Span<double> destination, ReadOnlySpan<ulong> state, int firstBlock, int endBlock)
        where TLanes : struct, ILaneOperations<TDouble, TBits>
        where TDouble : struct
        where TBits : struct
    {
        int blocks = destination.Length / BlockLength;
        int rest = endBlock == blocks ? destination.Length - blocks * BlockLength : 0;
        Span<double> tail = stackalloc double[BlockLength];
        ref double output = ref MemoryMarshal.GetReference(destination);
        ref ulong words = ref MemoryMarshal.GetReference(state);
        // One group of lanes at a time over the whole range, so the group's state stays in registers.
        for (int lane = 0; lane < Lanes; lane += TLanes.Count)
        {
            TBits s0 = TLanes.Load(ref Unsafe.Add(ref words, lane));
            TBits s1 = TLanes.Load(ref Unsafe.Add(ref words, Lanes + lane));
            TBits s2 = TLanes.Load(ref Unsafe.Add(ref words, 2 * Lanes + lane));
            TBits s3 = TLanes.Load(ref Unsafe.Add(ref words, 3 * Lanes + lane));
            for (int j = 0; j < firstBlock; j++)
            {
                Next<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3);
                Next<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3);
            }
            nint offset = (nint)firstBlock * BlockLength + lane;
            for (int j = firstBlock; j < endBlock; j++, offset += BlockLength)
            {
                NormalPair<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3, out TDouble first, out TDouble second);
                TLanes.Store(first, ref Unsafe.Add(ref output, offset));
                TLanes.Store(second, ref Unsafe.Add(ref output, offset + Lanes));
            }
            if (rest > 0)
            {
                NormalPair<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3, out TDouble first, out TDouble second);
                TLanes.Store(first, ref tail[lane]);
                TLanes.Store(second, ref tail[Lanes + lane]);
            }
        }
        tail[..rest].CopyTo(destination[(blocks * BlockLength)..]);
    }

    /// <summary>One step of xoshiro256** (Blackman and Vigna) in every lane; ×5 and ×9 as shift and add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TBits Next<TLanes, TDouble, TBits>(ref TBits s0, ref TBits s1, ref TBits s2, ref TBits s3)
        where TLanes : struct, ILaneOperations<TDouble, TBits>
        where TDouble : struct
        where TBits : struct
    {
        TBits x = TLanes.RotateLeft(TLanes.AddBits(s1, TLanes.ShiftLeft(s1, 2)), 7);
        TBits result = TLanes.AddBits(x, TLanes.ShiftLeft(x, 3));
        TBits t = TLanes.ShiftLeft(s1, 17);
        s2 = TLanes.Xor(s2, s0);
        s3 = TLanes.Xor(s3, s1);
        s1 = TLanes.Xor(s1, s2);
        s0 = TLanes.Xor(s0, s3);
        s2 = TLanes.Xor(s2, t);
        s3 = TLanes.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Two independent standard normals per lane by the Box–Muller transform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NormalPair<TLanes, TDouble, TBits>(ref TBits s0, ref TBits s1, ref TBits s2, ref TBits s3, out TDouble first, out TDouble second)
        where TLanes : struct, ILaneOperations<TDouble, TBits>
        where TDouble : struct
        where TBits : struct
    {
        TBits radiusBits = Next<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3);
        TBits angleBits = Next<TLanes, TDouble, TBits>(ref s0, ref s1, ref s2, ref s3);

        // u = 2 − [1, 2) ∈ (0, 1], exact; u = 1 gives radius 0, and u ≥ 2⁻⁵² bounds it by 8.5.
        TDouble m = TLanes.AsDouble(TLanes.Or(TLanes.ShiftRight(radiusBits, 12), TLanes.Broadcast(OneBits)));
        TDouble u = TLanes.Subtract(TLanes.Broadcast(2.0), m);
        TDouble radius = TLanes.Sqrt(MinusTwoLog<TLanes, TDouble, TBits>(u));

        // t = [2, 4) − 3 ∈ [−1, 1), exact, from the top 52 bits of the second draw. The sign of t
        // already negates the sine; the lowest bit of the first draw negates the cosine and the
        // lowest bit of the second swaps the pair, which together reach all eight octants.
        TDouble t = TLanes.Subtract(TLanes.AsDouble(TLanes.Or(TLanes.ShiftRight(angleBits, 12), TLanes.Broadcast(TwoBits))), TLanes.Broadcast(3.0));
        SinCosQuarterPi<TLanes, TDouble, TBits>(t, out TDouble sin, out TDouble cos);
        cos = TLanes.AsDouble(TLanes.Xor(TLanes.AsBits(cos), TLanes.ShiftLeft(radiusBits, 63)));
        TBits swap = TLanes.SubtractBits(TLanes.Broadcast(0UL), TLanes.And(angleBits, TLanes.Broadcast(1UL)));
        first = TLanes.Multiply(radius, TLanes.Select(swap, sin, cos));
        second = TLanes.Multiply(radius, TLanes.Select(swap, cos, sin));
    }

    /// <summary>
    /// −2 ln u for positive normal <paramref name="u"/>: u = 2^e·m with m ∈ [√½, √2),
    /// ln m = 2 atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172, as 2s + s³·P(s²).
    /// </summary>
    /// <remarks>
    /// The factor −2 is folded into the constants (scaling by a power of two is exact), and e·ln 2
    /// is added by one fused multiply-add: its only error beyond the final rounding is
    /// |e|·|ln 2 − Ln2| ≤ |e|·2.3·10⁻¹⁷, under 7·10⁻¹⁷ of the result since |ln u| ≥ (|e| − ½)·ln 2.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TDouble MinusTwoLog<TLanes, TDouble, TBits>(TDouble u)
        where TLanes : struct, ILaneOperations<TDouble, TBits>
        where TDouble : struct
        where TBits : struct
    {
        // Shifting the bits by 1.0 − √½ moves the binade boundary to √½: the exponent field then
        // holds e + 1023 and the mantissa field, re-based at √½, gives m.
        TBits shifted = TLanes.AddBits(TLanes.AsBits(u), TLanes.Broadcast(OneBits - SqrtHalfBits));
        TBits biasedExponent = TLanes.ShiftRight(shifted, 52);
        TDouble e = TLanes.Subtract(TLanes.AsDouble(TLanes.Or(biasedExponent, TLanes.Broadcast(ExponentMagicBits))), TLanes.Broadcast(ExponentMagic));
        TDouble m = TLanes.AsDouble(TLanes.AddBits(TLanes.And(shifted, TLanes.Broadcast(MantissaMask)), TLanes.Broadcast(SqrtHalfBits)));

        TDouble f = TLanes.Subtract(m, TLanes.Broadcast(1.0));                      // exact (Sterbenz)
        TDouble s = TLanes.Divide(f, TLanes.Add(f, TLanes.Broadcast(2.0)));
        TDouble w = TLanes.Multiply(s, s);
        TDouble p = TLanes.Broadcast(-2 * L6);
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L5));
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L4));
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L3));
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L2));
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L1));
        p = TLanes.MultiplyAdd(p, w, TLanes.Broadcast(-2 * L0));
        TDouble minusTwoLnM = TLanes.MultiplyAdd(TLanes.Multiply(s, w), p, TLanes.Multiply(s, TLanes.Broadcast(-4.0)));
        return TLanes.MultiplyAdd(e, TLanes.Broadcast(-2 * Ln2), minusTwoLnM);
    }

    /// <summary>sin(tπ/4) and cos(tπ/4) for t ∈ [−1, 1], as t·S(t²) and C(t²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCosQuarterPi<TLanes, TDouble, TBits>(TDouble t, out TDouble sin, out TDouble cos)
        where TLanes : struct, ILaneOperations<TDouble, TBits>
        where TDouble : struct
        where TBits : struct
    {
        TDouble w = TLanes.Multiply(t, t);
        TDouble sp = TLanes.Broadcast(S6);
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S5));
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S4));
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S3));
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S2));
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S1));
        sp = TLanes.MultiplyAdd(sp, w, TLanes.Broadcast(S0));
        sin = TLanes.Multiply(t, sp);

        TDouble cp = TLanes.Broadcast(C7);
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C6));
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C5));
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C4));
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C3));
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C2));
        cp = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C1));
        cos = TLanes.MultiplyAdd(cp, w, TLanes.Broadcast(C0));
    }

    /// <summary>Scalar <see cref="MinusTwoLog{TLanes, TDouble, TBits}"/>, for accuracy tests.</summary>
    internal static double MinusTwoLog(double u) => MinusTwoLog<ScalarLanes, double, ulong>(u);

    /// <summary>Scalar <see cref="SinCosQuarterPi{TLanes, TDouble, TBits}"/>, for accuracy tests.</summary>
    internal static (double Sin, double Cos) SinCosQuarterPi(double t)
    {
        SinCosQuarterPi<ScalarLanes, double, ulong>(t, out double sin, out double cos);
        return (sin, cos);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QualityDiversity.Randomness;

/// <summary>
/// The element operations the Gaussian lane kernel is written in, over a group of
/// <see cref="Count"/> lanes: <typeparamref name="TDouble"/> holds one double per lane and
/// <typeparamref name="TBits"/> one 64-bit integer per lane. Every operation is exactly defined
/// (integer arithmetic, bitwise logic, and correctly rounded IEEE add, subtract, multiply,
/// divide, square root and fused multiply-add), so all implementations compute bit-identical lanes.
/// </summary>
internal interface ILaneOperations<TDouble, TBits>
    where TDouble : struct
    where TBits : struct
{
    /// <summary>Lanes per group.</summary>
    static abstract int Count { get; }

    static abstract TBits Load(ref ulong source);
    static abstract void Store(TDouble value, ref double destination);
    static abstract TBits Broadcast(ulong value);
    static abstract TDouble Broadcast(double value);
    static abstract TBits AddBits(TBits left, TBits right);
    static abstract TBits SubtractBits(TBits left, TBits right);
    static abstract TBits Xor(TBits left, TBits right);
    static abstract TBits Or(TBits left, TBits right);
    static abstract TBits And(TBits left, TBits right);
    static abstract TBits ShiftLeft(TBits value, [ConstantExpected] int count);
    static abstract TBits ShiftRight(TBits value, [ConstantExpected] int count);
    static abstract TBits RotateLeft(TBits value, [ConstantExpected] byte count);
    static abstract TDouble AsDouble(TBits value);
    static abstract TBits AsBits(TDouble value);
    static abstract TDouble Add(TDouble left, TDouble right);
    static abstract TDouble Subtract(TDouble left, TDouble right);
    static abstract TDouble Multiply(TDouble left, TDouble right);
    static abstract TDouble Divide(TDouble left, TDouble right);
    static abstract TDouble Sqrt(TDouble value);

    /// <summary><paramref name="a"/>·<paramref name="b"/> + <paramref name="c"/> with one rounding.</summary>
    static abstract TDouble MultiplyAdd(TDouble a, TDouble b, TDouble c);

    /// <summary>Bitwise select: <paramref name="mask"/> lanes are all ones or all zeros.</summary>
    static abstract TDouble Select(TBits mask, TDouble ifSet, TDouble ifClear);
}

/// <summary>One lane in plain scalar arithmetic: the portable reference and fallback.</summary>
internal readonly struct ScalarLanes : ILaneOperations<double, ulong>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Load(ref ulong source) => source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double destination) => destination = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Broadcast(ulong value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong AddBits(ulong left, ulong right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong SubtractBits(ulong left, ulong right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Xor(ulong left, ulong right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Or(ulong left, ulong right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong And(ulong left, ulong right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ShiftLeft(ulong value, [ConstantExpected] int count) => value << count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ShiftRight(ulong value, [ConstantExpected] int count) => value >> count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong RotateLeft(ulong value, [ConstantExpected] byte count) => BitOperations.RotateLeft(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double AsDouble(ulong value) => BitConverter.UInt64BitsToDouble(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong AsBits(double value) => BitConverter.DoubleToUInt64Bits(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double left, double right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double left, double right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double left, double right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Divide(double left, double right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double value) => Math.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Select(ulong mask, double ifSet, double ifClear) => mask != 0 ? ifSet : ifClear;
}

/// <summary>Two lanes in 128-bit vectors (SSE2 on x64, AdvSimd on Arm64).</summary>
internal readonly struct Vector128Lanes : ILaneOperations<Vector128<double>, Vector128<ulong>>
{
    public static int Count => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Load(ref ulong source) => Vector128.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Broadcast(ulong value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Broadcast(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> AddBits(Vector128<ulong> left, Vector128<ulong> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> SubtractBits(Vector128<ulong> left, Vector128<ulong> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Xor(Vector128<ulong> left, Vector128<ulong> right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Or(Vector128<ulong> left, Vector128<ulong> right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> And(Vector128<ulong> left, Vector128<ulong> right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> ShiftLeft(Vector128<ulong> value, [ConstantExpected] int count) => Vector128.ShiftLeft(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> ShiftRight(Vector128<ulong> value, [ConstantExpected] int count) => Vector128.ShiftRightLogical(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> RotateLeft(Vector128<ulong> value, [ConstantExpected] byte count) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, count) : Vector128.ShiftLeft(value, count) | Vector128.ShiftRightLogical(value, 64 - count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> AsDouble(Vector128<ulong> value) => value.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> AsBits(Vector128<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> left, Vector128<double> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> left, Vector128<double> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> left, Vector128<double> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Divide(Vector128<double> left, Vector128<double> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> value) => Vector128.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<ulong> mask, Vector128<double> ifSet, Vector128<double> ifClear) => Vector128.ConditionalSelect(mask.AsDouble(), ifSet, ifClear);
}

/// <summary>Four lanes in 256-bit vectors (AVX2).</summary>
internal readonly struct Vector256Lanes : ILaneOperations<Vector256<double>, Vector256<ulong>>
{
    public static int Count => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Load(ref ulong source) => Vector256.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Broadcast(ulong value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> AddBits(Vector256<ulong> left, Vector256<ulong> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> SubtractBits(Vector256<ulong> left, Vector256<ulong> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Xor(Vector256<ulong> left, Vector256<ulong> right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Or(Vector256<ulong> left, Vector256<ulong> right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> And(Vector256<ulong> left, Vector256<ulong> right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> ShiftLeft(Vector256<ulong> value, [ConstantExpected] int count) => Vector256.ShiftLeft(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> ShiftRight(Vector256<ulong> value, [ConstantExpected] int count) => Vector256.ShiftRightLogical(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> RotateLeft(Vector256<ulong> value, [ConstantExpected] byte count) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, count) : Vector256.ShiftLeft(value, count) | Vector256.ShiftRightLogical(value, 64 - count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AsDouble(Vector256<ulong> value) => value.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> AsBits(Vector256<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> left, Vector256<double> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> left, Vector256<double> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> left, Vector256<double> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> value) => Vector256.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<ulong> mask, Vector256<double> ifSet, Vector256<double> ifClear) => Vector256.ConditionalSelect(mask.AsDouble(), ifSet, ifClear);
}

/// <summary>Eight lanes in 512-bit vectors (AVX-512).</summary>
internal readonly struct Vector512Lanes : ILaneOperations<Vector512<double>, Vector512<ulong>>
{
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Load(ref ulong source) => Vector512.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Broadcast(ulong value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> AddBits(Vector512<ulong> left, Vector512<ulong> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> SubtractBits(Vector512<ulong> left, Vector512<ulong> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Xor(Vector512<ulong> left, Vector512<ulong> right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Or(Vector512<ulong> left, Vector512<ulong> right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> And(Vector512<ulong> left, Vector512<ulong> right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> ShiftLeft(Vector512<ulong> value, [ConstantExpected] int count) => Vector512.ShiftLeft(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> ShiftRight(Vector512<ulong> value, [ConstantExpected] int count) => Vector512.ShiftRightLogical(value, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> RotateLeft(Vector512<ulong> value, [ConstantExpected] byte count) =>
        Avx512F.IsSupported ? Avx512F.RotateLeft(value, count) : Vector512.ShiftLeft(value, count) | Vector512.ShiftRightLogical(value, 64 - count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AsDouble(Vector512<ulong> value) => value.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> AsBits(Vector512<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> left, Vector512<double> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> left, Vector512<double> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> value) => Vector512.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<ulong> mask, Vector512<double> ifSet, Vector512<double> ifClear) => Vector512.ConditionalSelect(mask.AsDouble(), ifSet, ifClear);
}

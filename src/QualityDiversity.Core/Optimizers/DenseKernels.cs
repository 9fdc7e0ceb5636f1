using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QualityDiversity.Optimizers;

/// <summary>
/// The few dense linear-algebra kernels the evolution strategies spend their time in, written
/// over flat row-major arrays with <see cref="Vector{T}"/> so that the JIT emits SIMD code
/// (AVX2 or NEON). MathNet matrices are avoided on these paths: at n = 100 their per-call
/// overhead and column-major layout cost more than the arithmetic itself.
/// </summary>
/// <remarks>
/// The larger kernels are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: SIMD code
/// run by the tier-0 JIT is an order of magnitude slower, and some of these run too rarely (once
/// per eigendecomposition) to be promoted quickly. Callers guarantee the lengths; the kernels read through unchecked references, so every
/// public-facing check happens before they are reached.
/// </remarks>
internal static class DenseKernels
{
    private static int Width => Vector<double>.Count;

    /// <summary>Σ a[i]·b[i] over <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ref double a, ref double b, int length)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && length >= 2 * Width)
        {
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            for (; i <= length - 2 * Width; i += 2 * Width)
            {
                acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)(i + Width)), Vector.LoadUnsafe(ref b, (nuint)(i + Width)), acc1);
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < length; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    /// <summary>Σ a[i]·b[i].</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);

    /// <summary>y[i] += alpha·x[i] over <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double alpha, ref double x, ref double y, int length)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a = new Vector<double>(alpha);
            for (; i <= length - Width; i += Width)
                Vector.FusedMultiplyAdd(a, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref y, i) += alpha * Unsafe.Add(ref x, i);
    }

    /// <summary>
    /// Applies a sequence of plane rotations to consecutive rows of the row-major matrix
    /// <paramref name="z"/> (row length and stride <paramref name="n"/>): for i = hi − 1 down to lo,
    /// rows (i, i + 1) ← (c_i·row_i − s_i·row_{i+1}, s_i·row_i + c_i·row_{i+1}). This is one sweep
    /// of the QL iteration. Applying the whole sweep per column block, with the row that passes
    /// from one rotation to the next kept in registers, loads and stores every row once per sweep
    /// instead of twice per rotation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RotateSequence(Span<double> z, int n, int lo, int hi, ReadOnlySpan<double> cos, ReadOnlySpan<double> sin)
    {
        if (hi <= lo) return;
        ref double rz = ref MemoryMarshal.GetReference(z);
        ref double rc = ref MemoryMarshal.GetReference(cos);
        ref double rs = ref MemoryMarshal.GetReference(sin);
        int w = Width;
        int col = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; col <= n - 4 * w; col += 4 * w)
            {
                ref double top = ref Unsafe.Add(ref rz, hi * n + col);
                var carry0 = Vector.LoadUnsafe(ref top);
                var carry1 = Vector.LoadUnsafe(ref top, (nuint)w);
                var carry2 = Vector.LoadUnsafe(ref top, (nuint)(2 * w));
                var carry3 = Vector.LoadUnsafe(ref top, (nuint)(3 * w));
                for (int i = hi - 1; i >= lo; i--)
                {
                    var c = new Vector<double>(Unsafe.Add(ref rc, i));
                    var s = new Vector<double>(Unsafe.Add(ref rs, i));
                    ref double row = ref Unsafe.Add(ref rz, i * n + col);
                    ref double below = ref Unsafe.Add(ref row, n);
                    var a0 = Vector.LoadUnsafe(ref row);
                    var a1 = Vector.LoadUnsafe(ref row, (nuint)w);
                    var a2 = Vector.LoadUnsafe(ref row, (nuint)(2 * w));
                    var a3 = Vector.LoadUnsafe(ref row, (nuint)(3 * w));
                    Vector.FusedMultiplyAdd(s, a0, c * carry0).StoreUnsafe(ref below);
                    Vector.FusedMultiplyAdd(s, a1, c * carry1).StoreUnsafe(ref below, (nuint)w);
                    Vector.FusedMultiplyAdd(s, a2, c * carry2).StoreUnsafe(ref below, (nuint)(2 * w));
                    Vector.FusedMultiplyAdd(s, a3, c * carry3).StoreUnsafe(ref below, (nuint)(3 * w));
                    carry0 = Vector.FusedMultiplyAdd(c, a0, -(s * carry0));
                    carry1 = Vector.FusedMultiplyAdd(c, a1, -(s * carry1));
                    carry2 = Vector.FusedMultiplyAdd(c, a2, -(s * carry2));
                    carry3 = Vector.FusedMultiplyAdd(c, a3, -(s * carry3));
                }
                ref double bottom = ref Unsafe.Add(ref rz, lo * n + col);
                carry0.StoreUnsafe(ref bottom);
                carry1.StoreUnsafe(ref bottom, (nuint)w);
                carry2.StoreUnsafe(ref bottom, (nuint)(2 * w));
                carry3.StoreUnsafe(ref bottom, (nuint)(3 * w));
            }
            for (; col <= n - w; col += w)
            {
                var carry = Vector.LoadUnsafe(ref rz, (nuint)(hi * n + col));
                for (int i = hi - 1; i >= lo; i--)
                {
                    var c = new Vector<double>(Unsafe.Add(ref rc, i));
                    var s = new Vector<double>(Unsafe.Add(ref rs, i));
                    var a = Vector.LoadUnsafe(ref rz, (nuint)(i * n + col));
                    Vector.FusedMultiplyAdd(s, a, c * carry).StoreUnsafe(ref rz, (nuint)((i + 1) * n + col));
                    carry = Vector.FusedMultiplyAdd(c, a, -(s * carry));
                }
                carry.StoreUnsafe(ref rz, (nuint)(lo * n + col));
            }
        }
        for (; col < n; col++)
        {
            double carry = Unsafe.Add(ref rz, hi * n + col);
            for (int i = hi - 1; i >= lo; i--)
            {
                double c = Unsafe.Add(ref rc, i), s = Unsafe.Add(ref rs, i);
                double a = Unsafe.Add(ref rz, i * n + col);
                Unsafe.Add(ref rz, (i + 1) * n + col) = s * a + c * carry;
                carry = c * a - s * carry;
            }
            Unsafe.Add(ref rz, lo * n + col) = carry;
        }
    }

    /// <summary>
    /// row ← row − a·x − b·y, then acc += g·row: the symmetric rank-2 update of one row of a
    /// Householder step fused with that row's contribution to the next step's matrix–vector
    /// product, so that the row is read once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankTwoRowUpdate(ref double row, double a, ref double x, double b, ref double y, int length, double g, ref double acc)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(-a);
            var vb = new Vector<double>(-b);
            var vg = new Vector<double>(g);
            for (; i <= length - Width; i += Width)
            {
                var r = Vector.FusedMultiplyAdd(vb, Vector.LoadUnsafe(ref y, (nuint)i),
                        Vector.FusedMultiplyAdd(va, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref row, (nuint)i)));
                r.StoreUnsafe(ref row, (nuint)i);
                Vector.FusedMultiplyAdd(vg, r, Vector.LoadUnsafe(ref acc, (nuint)i)).StoreUnsafe(ref acc, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            double r = Unsafe.Add(ref row, i) - (a * Unsafe.Add(ref x, i) + b * Unsafe.Add(ref y, i));
            Unsafe.Add(ref row, i) = r;
            Unsafe.Add(ref acc, i) += g * r;
        }
    }

    /// <summary>row ← row − a·x − b·y (a rank-2 update of one row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankTwoRowUpdate(ref double row, double a, ref double x, double b, ref double y, int length)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(-a);
            var vb = new Vector<double>(-b);
            for (; i <= length - Width; i += Width)
                Vector.FusedMultiplyAdd(vb, Vector.LoadUnsafe(ref y, (nuint)i),
                    Vector.FusedMultiplyAdd(va, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref row, (nuint)i))).StoreUnsafe(ref row, (nuint)i);
        }
        for (; i < length; i++)
            Unsafe.Add(ref row, i) -= a * Unsafe.Add(ref x, i) + b * Unsafe.Add(ref y, i);
    }

    /// <summary>
    /// C += A·B for row-major A (rows × inner), B (inner × cols) and C (rows × cols). Four rows
    /// of C and two vectors of columns are kept in registers while the inner dimension is
    /// walked, so each loaded slice of B feeds eight fused multiply-adds; this is what keeps
    /// sampling x = m + σ·B·D·z for a whole population at a fraction of a microsecond per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAccumulate(ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int cols, Span<double> c)
    {
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        int w = Width;
        int col = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; col <= cols - 2 * w; col += 2 * w)
            {
                int row = 0;
                for (; row <= rows - 4; row += 4) Panel4x2(ref ra, ref rb, ref rc, row, col, inner, cols);
                for (; row < rows; row++) Panel1x2(ref ra, ref rb, ref rc, row, col, inner, cols);
            }
            for (; col <= cols - w; col += w)
            {
                for (int row = 0; row < rows; row++)
                {
                    ref double arow = ref Unsafe.Add(ref ra, row * inner);
                    var acc = Vector.LoadUnsafe(ref rc, (nuint)(row * cols + col));
                    for (int k = 0; k < inner; k++)
                        acc = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref arow, k)), Vector.LoadUnsafe(ref rb, (nuint)(k * cols + col)), acc);
                    acc.StoreUnsafe(ref rc, (nuint)(row * cols + col));
                }
            }
        }
        for (; col < cols; col++)
        {
            for (int row = 0; row < rows; row++)
            {
                ref double arow = ref Unsafe.Add(ref ra, row * inner);
                double acc = Unsafe.Add(ref rc, row * cols + col);
                for (int k = 0; k < inner; k++) acc += Unsafe.Add(ref arow, k) * Unsafe.Add(ref rb, k * cols + col);
                Unsafe.Add(ref rc, row * cols + col) = acc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Panel4x2(ref double ra, ref double rb, ref double rc, int row, int col, int inner, int cols)
    {
        int w = Width;
        ref double a0 = ref Unsafe.Add(ref ra, row * inner);
        ref double a1 = ref Unsafe.Add(ref a0, inner);
        ref double a2 = ref Unsafe.Add(ref a1, inner);
        ref double a3 = ref Unsafe.Add(ref a2, inner);
        ref double c0 = ref Unsafe.Add(ref rc, row * cols + col);
        ref double c1 = ref Unsafe.Add(ref c0, cols);
        ref double c2 = ref Unsafe.Add(ref c1, cols);
        ref double c3 = ref Unsafe.Add(ref c2, cols);
        var s00 = Vector.LoadUnsafe(ref c0); var s01 = Vector.LoadUnsafe(ref c0, (nuint)w);
        var s10 = Vector.LoadUnsafe(ref c1); var s11 = Vector.LoadUnsafe(ref c1, (nuint)w);
        var s20 = Vector.LoadUnsafe(ref c2); var s21 = Vector.LoadUnsafe(ref c2, (nuint)w);
        var s30 = Vector.LoadUnsafe(ref c3); var s31 = Vector.LoadUnsafe(ref c3, (nuint)w);
        ref double bk = ref Unsafe.Add(ref rb, col);
        for (int k = 0; k < inner; k++)
        {
            var b0 = Vector.LoadUnsafe(ref bk);
            var b1 = Vector.LoadUnsafe(ref bk, (nuint)w);
            var x = new Vector<double>(Unsafe.Add(ref a0, k));
            s00 = Vector.FusedMultiplyAdd(x, b0, s00); s01 = Vector.FusedMultiplyAdd(x, b1, s01);
            x = new Vector<double>(Unsafe.Add(ref a1, k));
            s10 = Vector.FusedMultiplyAdd(x, b0, s10); s11 = Vector.FusedMultiplyAdd(x, b1, s11);
            x = new Vector<double>(Unsafe.Add(ref a2, k));
            s20 = Vector.FusedMultiplyAdd(x, b0, s20); s21 = Vector.FusedMultiplyAdd(x, b1, s21);
            x = new Vector<double>(Unsafe.Add(ref a3, k));
            s30 = Vector.FusedMultiplyAdd(x, b0, s30); s31 = Vector.FusedMultiplyAdd(x, b1, s31);
            bk = ref Unsafe.Add(ref bk, cols);
        }
        s00.StoreUnsafe(ref c0); s01.StoreUnsafe(ref c0, (nuint)w);
        s10.StoreUnsafe(ref c1); s11.StoreUnsafe(ref c1, (nuint)w);
        s20.StoreUnsafe(ref c2); s21.StoreUnsafe(ref c2, (nuint)w);
        s30.StoreUnsafe(ref c3); s31.StoreUnsafe(ref c3, (nuint)w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Panel1x2(ref double ra, ref double rb, ref double rc, int row, int col, int inner, int cols)
    {
        int w = Width;
        ref double a0 = ref Unsafe.Add(ref ra, row * inner);
        ref double c0 = ref Unsafe.Add(ref rc, row * cols + col);
        var s0 = Vector.LoadUnsafe(ref c0);
        var s1 = Vector.LoadUnsafe(ref c0, (nuint)w);
        ref double bk = ref Unsafe.Add(ref rb, col);
        for (int k = 0; k < inner; k++)
        {
            var x = new Vector<double>(Unsafe.Add(ref a0, k));
            s0 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk), s0);
            s1 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref bk, (nuint)w), s1);
            bk = ref Unsafe.Add(ref bk, cols);
        }
        s0.StoreUnsafe(ref c0);
        s1.StoreUnsafe(ref c0, (nuint)w);
    }

    /// <summary>
    /// The covariance update on the upper triangle only: C[r, j] ← decay·C[r, j] +
    /// Σ_i scale_i·v_i[r]·v_i[j] for j ≥ r, where v_i are the rows of <paramref name="vectors"/>
    /// (count × n). Rank-one and rank-μ terms are both such weighted outer products, so one pass
    /// over the triangle does the whole update with the running sum kept in registers.
    /// </summary>
    /// <param name="upper">Row-major n × n matrix whose upper triangle is updated; the lower one is left stale.</param>
    /// <param name="n">Matrix size.</param>
    /// <param name="decay">Factor on the old matrix.</param>
    /// <param name="vectors">count rows of length n.</param>
    /// <param name="scales">count outer-product weights.</param>
    /// <param name="coefficients">Scratch of at least count entries.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SymmetricRankUpdate(Span<double> upper, int n, double decay, ReadOnlySpan<double> vectors, ReadOnlySpan<double> scales, Span<double> coefficients)
    {
        int count = scales.Length;
        ref double rv = ref MemoryMarshal.GetReference(vectors);
        ref double rcoef = ref MemoryMarshal.GetReference(coefficients);
        int w = Width;
        var vdecay = new Vector<double>(decay);
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < count; i++) Unsafe.Add(ref rcoef, i) = scales[i] * Unsafe.Add(ref rv, i * n + r);
            ref double row = ref MemoryMarshal.GetReference(upper.Slice(r * n));
            int j = r;
            if (Vector.IsHardwareAccelerated)
            {
                for (; j <= n - 2 * w; j += 2 * w)
                {
                    var acc0 = vdecay * Vector.LoadUnsafe(ref row, (nuint)j);
                    var acc1 = vdecay * Vector.LoadUnsafe(ref row, (nuint)(j + w));
                    ref double vj = ref Unsafe.Add(ref rv, j);
                    for (int i = 0; i < count; i++)
                    {
                        var coef = new Vector<double>(Unsafe.Add(ref rcoef, i));
                        acc0 = Vector.FusedMultiplyAdd(coef, Vector.LoadUnsafe(ref vj), acc0);
                        acc1 = Vector.FusedMultiplyAdd(coef, Vector.LoadUnsafe(ref vj, (nuint)w), acc1);
                        vj = ref Unsafe.Add(ref vj, n);
                    }
                    acc0.StoreUnsafe(ref row, (nuint)j);
                    acc1.StoreUnsafe(ref row, (nuint)(j + w));
                }
                for (; j <= n - w; j += w)
                {
                    var acc = vdecay * Vector.LoadUnsafe(ref row, (nuint)j);
                    ref double vj = ref Unsafe.Add(ref rv, j);
                    for (int i = 0; i < count; i++)
                    {
                        acc = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref rcoef, i)), Vector.LoadUnsafe(ref vj), acc);
                        vj = ref Unsafe.Add(ref vj, n);
                    }
                    acc.StoreUnsafe(ref row, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                double acc = decay * Unsafe.Add(ref row, j);
                for (int i = 0; i < count; i++) acc += Unsafe.Add(ref rcoef, i) * Unsafe.Add(ref rv, i * n + j);
                Unsafe.Add(ref row, j) = acc;
            }
        }
    }
}

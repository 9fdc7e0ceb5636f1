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
/// <para>The larger kernels are marked <see cref="MethodImplOptions.AggressiveOptimization"/>:
/// SIMD code run by the tier-0 JIT is an order of magnitude slower, and some of these run too
/// rarely (once per eigendecomposition) to be promoted quickly.</para>
/// <para>Callers guarantee the lengths: the kernels read through unchecked references, so every
/// public-facing check happens before they are reached.</para>
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
    /// Plane rotation of two rows: x ← c·x − s·y, y ← s·x + c·y. Accumulating the Givens
    /// rotations of the QL iteration into the eigenvectors is most of an eigendecomposition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rotate(ref double x, ref double y, int length, double c, double s)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c);
            var vs = new Vector<double>(s);
            for (; i <= length - Width; i += Width)
            {
                var a = Vector.LoadUnsafe(ref x, (nuint)i);
                var b = Vector.LoadUnsafe(ref y, (nuint)i);
                Vector.FusedMultiplyAdd(vc, a, -(vs * b)).StoreUnsafe(ref x, (nuint)i);
                Vector.FusedMultiplyAdd(vs, a, vc * b).StoreUnsafe(ref y, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            double a = Unsafe.Add(ref x, i), b = Unsafe.Add(ref y, i);
            Unsafe.Add(ref x, i) = c * a - s * b;
            Unsafe.Add(ref y, i) = s * a + c * b;
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

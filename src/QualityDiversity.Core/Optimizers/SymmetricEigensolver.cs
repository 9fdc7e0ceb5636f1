using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace QualityDiversity.Optimizers;

/// <summary>
/// Eigendecomposition A = B·diag(λ)·Bᵀ of a dense symmetric matrix: Householder reduction to
/// tridiagonal form, then the implicit QL iteration with Wilkinson shifts, accumulating the
/// rotations into the eigenvectors (the classical tred2/tql2 scheme, Golub and Van Loan §8.3).
/// </summary>
/// <remarks>
/// <para>CMA-ES needs this every few generations, so it is written for speed over flat
/// row-major arrays: the reflector and rotation updates touch whole contiguous rows and run
/// through the SIMD kernels of <see cref="DenseKernels"/>. At n = 100 it is an order of magnitude
/// faster than MathNet's managed <c>Evd</c>, which is why that is kept only as a fallback for
/// the practically unreachable case that the QL iteration does not converge.</para>
/// <para>The phases are compiled with full optimisation from the first call, because a
/// decomposition happens only every few generations and would otherwise run as tier-0 code for
/// a long time.</para>
/// <para>Eigenvectors are returned as the <em>rows</em> of a row-major array (that is, Bᵀ),
/// because both sampling and C^(-1/2) then walk contiguous memory.</para>
/// </remarks>
internal sealed class SymmetricEigensolver
{
    // A QL sweep converges quadratically to cubically; 60 sweeps per eigenvalue never happen in
    // practice for a finite symmetric matrix, so hitting the cap means the input is broken.
    private const int MaxSweepsPerEigenvalue = 60;

    // An off-diagonal element below half an ulp of its diagonal neighbours is negligible: adding
    // it would not change them (2⁻⁵³).
    private const double HalfUlp = 1.1102230246251565e-16;

    // Range in which f² + g² neither overflows nor loses precision to underflow.
    private const double SafeSquareMin = 1e-290;
    private const double SafeSquareMax = 1e290;

    private readonly int _n;
    private readonly double[] _reflectorScale; // β_k of H_k = I − β_k v vᵀ, 0 for an identity step
    private readonly double[] _offDiagonal;
    private readonly double[] _work;
    private readonly double[] _product;     // p = β·A·v of the current Householder step
    private readonly double[] _nextProduct; // the same for the next step, accumulated during this one
    private readonly double[] _matrix; // working copy, reduced in place

    /// <summary>Creates a solver for n × n matrices; all buffers are allocated here, once.</summary>
    public SymmetricEigensolver(int dimension)
    {
        _n = dimension;
        _reflectorScale = new double[dimension];
        _offDiagonal = new double[dimension];
        _work = new double[dimension];
        _product = new double[dimension];
        _nextProduct = new double[dimension];
        _matrix = new double[dimension * dimension];
    }

    /// <summary>
    /// Decomposes the symmetric matrix whose upper triangle (j ≥ i) is given in
    /// <paramref name="upper"/> (row-major n × n; the lower triangle is ignored, so callers may
    /// maintain only the upper one) into <paramref name="eigenvalues"/> and
    /// <paramref name="eigenvectorRows"/> (row j is the unit eigenvector of eigenvalue j).
    /// Eigenvalues are not sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Decompose(ReadOnlySpan<double> upper, Span<double> eigenvalues, Span<double> eigenvectorRows)
    {
        int n = _n;
        if (upper.Length != n * n || eigenvalues.Length != n || eigenvectorRows.Length != n * n)
            throw new ArgumentException("Buffer sizes do not match the solver's dimension.");
        var a = _matrix.AsSpan();
        for (int i = 0; i < n; i++)
        {
            upper.Slice(i * n + i, n - i).CopyTo(a.Slice(i * n + i));
            for (int j = i + 1; j < n; j++) a[j * n + i] = upper[i * n + j];
        }
        if (n == 1)
        {
            eigenvalues[0] = a[0];
            eigenvectorRows[0] = 1;
            return;
        }
        Tridiagonalise(a, eigenvalues);
        AccumulateReflectors(a, eigenvectorRows);
        if (!DiagonaliseTridiagonal(eigenvalues, eigenvectorRows))
            DecomposeWithMathNet(upper, n, eigenvalues, eigenvectorRows);
    }

    /// <summary>
    /// Householder reduction A = Q·T·Qᵀ. Step k reflects row k (equal to column k by symmetry)
    /// right of the diagonal onto its first element, H_k = I − β_k·v·vᵀ, and applies it to the
    /// trailing block as the symmetric rank-2 update A ← A − v·wᵀ − w·vᵀ with p = β·A·v and
    /// w = p − (β/2)(vᵀp)·v. The product p for step k + 1 is accumulated row by row, as
    /// Σ_i v′_i·(row i), in the same pass that applies step k's update to those rows, so the
    /// trailing block is read once per step and no dot product needs a horizontal reduction.
    /// </summary>
    /// <remarks>
    /// Reflector k overwrites row k right of the diagonal, which is no longer needed. Column
    /// entries left of the trailing block are never read again and are left stale. T's
    /// diagonal goes to <paramref name="diagonal"/>, its off-diagonal to <see cref="_offDiagonal"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tridiagonalise(Span<double> a, Span<double> diagonal)
    {
        int n = _n;
        ref double ra = ref MemoryMarshal.GetReference(a);
        var p = _product;
        var pNext = _nextProduct;
        ref double w = ref MemoryMarshal.GetArrayDataReference(_work);
        if (n > 2)
        {
            double beta0 = MakeReflector(a, 0, diagonal);
            if (beta0 != 0)
            {
                Array.Clear(p);
                ref double v0 = ref Unsafe.Add(ref ra, 1);
                for (int i = 1; i < n; i++)
                    DenseKernels.Axpy(Unsafe.Add(ref v0, i - 1), ref Unsafe.Add(ref ra, i * n + 1), ref p[0], n - 1);
                for (int i = 0; i < n - 1; i++) p[i] *= beta0;
            }
        }
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1, start = k + 1;
            ref double v = ref Unsafe.Add(ref ra, k * n + start);
            double beta = _reflectorScale[k];
            if (beta != 0)
            {
                ref double pk = ref p[0];
                double half = 0.5 * beta * DenseKernels.Dot(ref v, ref pk, m);
                for (int i = 0; i < m; i++) Unsafe.Add(ref w, i) = Unsafe.Add(ref pk, i) - half * Unsafe.Add(ref v, i);
                DenseKernels.RankTwoRowUpdate(ref Unsafe.Add(ref ra, start * n + start), v, ref w, w, ref v, m);
            }
            double betaNext = k + 1 < n - 2 ? MakeReflector(a, start, diagonal) : 0;
            ref double vNext = ref Unsafe.Add(ref ra, start * n + start + 1);
            if (betaNext != 0) Array.Clear(pNext, 0, m - 1);
            for (int i = start + 1; i < n; i++)
            {
                int local = i - start;
                ref double row = ref Unsafe.Add(ref ra, i * n + start + 1);
                if (beta != 0 && betaNext != 0)
                    DenseKernels.RankTwoRowUpdate(ref row, Unsafe.Add(ref v, local), ref Unsafe.Add(ref w, 1), Unsafe.Add(ref w, local), ref Unsafe.Add(ref v, 1), m - 1,
                        Unsafe.Add(ref vNext, local - 1), ref pNext[0]);
                else if (beta != 0)
                    DenseKernels.RankTwoRowUpdate(ref row, Unsafe.Add(ref v, local), ref Unsafe.Add(ref w, 1), Unsafe.Add(ref w, local), ref Unsafe.Add(ref v, 1), m - 1);
                else if (betaNext != 0)
                    DenseKernels.Axpy(Unsafe.Add(ref vNext, local - 1), ref row, ref pNext[0], m - 1);
            }
            if (betaNext != 0)
                for (int i = 0; i < m - 1; i++) pNext[i] *= betaNext;
            (p, pNext) = (pNext, p);
        }
        diagonal[n - 2] = a[(n - 2) * n + n - 2];
        diagonal[n - 1] = a[(n - 1) * n + n - 1];
        _offDiagonal[n - 2] = a[(n - 2) * n + n - 1];
        _offDiagonal[n - 1] = 0;
    }

    /// <summary>
    /// Builds reflector k from row k right of the diagonal: x ↦ α·e₁ with α = −sign(x₀)‖x‖ (the
    /// sign that avoids cancellation in v₀ = x₀ − α) and β = 2/vᵀv = −1/(α·v₀). Writes v over x,
    /// records d_k, e_k = α and β_k, and returns β_k (0 when x is already a multiple of e₁).
    /// </summary>
    private double MakeReflector(Span<double> a, int k, Span<double> diagonal)
    {
        int n = _n, m = n - k - 1;
        diagonal[k] = a[k * n + k];
        ref double x = ref a[k * n + k + 1];
        double head = x;
        double tailSquares = DenseKernels.Dot(ref Unsafe.Add(ref x, 1), ref Unsafe.Add(ref x, 1), m - 1);
        if (tailSquares == 0)
        {
            _offDiagonal[k] = head;
            _reflectorScale[k] = 0;
            return 0;
        }
        double norm = Math.Sqrt(head * head + tailSquares);
        double alpha = head >= 0 ? -norm : norm;
        double v0 = head - alpha;
        double beta = -1.0 / (alpha * v0);
        x = v0;
        _offDiagonal[k] = alpha;
        _reflectorScale[k] = beta;
        return beta;
    }

    /// <summary>
    /// Forms Q = H_0·…·H_{n−3} by backward accumulation, H_k·M = M − β·v·(vᵀM), so that step k
    /// only touches the trailing block where M differs from the identity, then stores Qᵀ in
    /// <paramref name="q"/>: the rows of Qᵀ are what the QL rotations act on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateReflectors(Span<double> a, Span<double> q)
    {
        int n = _n;
        q.Clear();
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rq = ref MemoryMarshal.GetReference(q);
        ref double u = ref MemoryMarshal.GetArrayDataReference(_work);
        for (int k = n - 3; k >= 0; k--)
        {
            double beta = _reflectorScale[k];
            if (beta == 0) continue;
            int start = k + 1, m = n - start;
            ref double v = ref Unsafe.Add(ref ra, k * n + start);
            Unsafe.InitBlock(ref Unsafe.As<double, byte>(ref u), 0, (uint)(m * sizeof(double)));
            for (int r = 0; r < m; r++)
                DenseKernels.Axpy(Unsafe.Add(ref v, r), ref Unsafe.Add(ref rq, (start + r) * n + start), ref u, m);
            for (int r = 0; r < m; r++)
                DenseKernels.Axpy(-beta * Unsafe.Add(ref v, r), ref u, ref Unsafe.Add(ref rq, (start + r) * n + start), m);
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                (q[i * n + j], q[j * n + i]) = (q[j * n + i], q[i * n + j]);
    }

    /// <summary>
    /// Implicit QL iteration with Wilkinson shifts on the tridiagonal (d, e): each sweep chases
    /// a bulge up from the first negligible off-diagonal element below l, and each of its Givens
    /// rotations is applied to two eigenvector rows. Returns false if it fails to converge.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool DiagonaliseTridiagonal(Span<double> d, Span<double> z)
    {
        int n = _n;
        var e = _offDiagonal;
        ref double rz = ref MemoryMarshal.GetReference(z);
        for (int l = 0; l < n; l++)
        {
            int sweeps = 0;
            while (true)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double scale = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon + HalfUlp * scale) break;
                }
                if (m == l) break;
                if (++sweeps > MaxSweepsPerEigenvalue) return false;

                // Wilkinson shift from the leading 2 × 2 block, folded into the first rotation.
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
                double s = 1, c = 1, shift = 0;
                int i = m - 1;
                bool deflated = false;
                ref double rd = ref MemoryMarshal.GetReference(d);
                ref double re = ref MemoryMarshal.GetArrayDataReference(e);
                for (; i >= l; i--)
                {
                    double ei = Unsafe.Add(ref re, i);
                    double f = s * ei;
                    double b = c * ei;
                    // This recurrence is a serial dependency chain, so the plain √(f² + g²) is
                    // used and the scaled hypot only when the squares could over- or underflow.
                    double r2 = f * f + g * g;
                    r = r2 is > SafeSquareMin and < SafeSquareMax ? Math.Sqrt(r2) : Hypot(f, g);
                    Unsafe.Add(ref re, i + 1) = r;
                    if (r == 0)
                    {
                        // Underflow: the matrix splits here; undo the shift and restart.
                        Unsafe.Add(ref rd, i + 1) -= shift;
                        e[m] = 0;
                        deflated = true;
                        break;
                    }
                    double inverse = 1 / r;
                    s = f * inverse;
                    c = g * inverse;
                    g = Unsafe.Add(ref rd, i + 1) - shift;
                    r = (Unsafe.Add(ref rd, i) - g) * s + 2 * c * b;
                    shift = s * r;
                    Unsafe.Add(ref rd, i + 1) = g + shift;
                    g = c * r - b;
                    // Applying the rotation right away, rather than the whole sweep afterwards,
                    // lets the CPU overlap this vector work with the serial scalar recurrence.
                    DenseKernels.Rotate(ref Unsafe.Add(ref rz, i * n), ref Unsafe.Add(ref rz, (i + 1) * n), n, c, s);
                }
                if (deflated) continue;
                d[l] -= shift;
                e[l] = g;
                e[m] = 0;
            }
        }
        for (int i = 0; i < d.Length; i++) if (!double.IsFinite(d[i])) return false;
        return true;
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a < b) (a, b) = (b, a);
        if (a == 0) return 0;
        double t = b / a;
        return a * Math.Sqrt(1 + t * t);
    }

    /// <summary>
    /// Reference decomposition with MathNet's <c>Evd</c>: the fallback of <see cref="Decompose"/>
    /// and, in tests, the oracle the fast path is checked against.
    /// </summary>
    internal static void DecomposeWithMathNet(ReadOnlySpan<double> upper, int n, Span<double> eigenvalues, Span<double> eigenvectorRows)
    {
        var a = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) a[i, j] = a[j, i] = upper[i * n + j];
        var evd = a.Evd(Symmetricity.Symmetric);
        var vectors = evd.EigenVectors;
        for (int j = 0; j < n; j++)
        {
            eigenvalues[j] = evd.EigenValues[j].Real;
            for (int i = 0; i < n; i++) eigenvectorRows[j * n + i] = vectors[i, j];
        }
    }
}

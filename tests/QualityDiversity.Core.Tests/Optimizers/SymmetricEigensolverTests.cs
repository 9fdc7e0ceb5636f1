using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

public class SymmetricEigensolverTests
{
    public static TheoryData<string, int> Matrices => new()
    {
        { "random", 1 }, { "random", 2 }, { "random", 3 }, { "random", 7 }, { "random", 33 }, { "random", 100 },
        { "identity", 1 }, { "identity", 12 }, { "diagonal", 9 }, { "tridiagonal", 10 }, { "clustered", 40 },
        { "rank-one", 16 }, { "graded", 20 }, { "zero", 5 },
    };

    [Theory]
    [MemberData(nameof(Matrices))]
    public void Decomposes_into_orthonormal_eigenvectors_matching_MathNet(string kind, int n)
    {
        var a = Build(kind, n);
        // Only the upper triangle is read: poison the lower one.
        var upper = (double[])a.Clone();
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) upper[i * n + j] = double.NaN;

        var values = new double[n];
        var vectors = new double[n * n];
        new SymmetricEigensolver(n).Decompose(upper, values, vectors);

        double scale = Math.Max(1e-300, a.Max(Math.Abs));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double reconstructed = 0, gram = 0;
                for (int k = 0; k < n; k++)
                {
                    reconstructed += vectors[k * n + i] * values[k] * vectors[k * n + j];
                    gram += vectors[i * n + k] * vectors[j * n + k];
                }
                Assert.True(Math.Abs(reconstructed - a[i * n + j]) <= 1e-12 * scale * n, $"A[{i},{j}] = {a[i * n + j]}, reconstructed {reconstructed}");
                Assert.True(Math.Abs(gram - (i == j ? 1 : 0)) <= 1e-13 * n, $"Gram[{i},{j}] = {gram}");
            }

        var expected = new double[n];
        SymmetricEigensolver.DecomposeWithMathNet(upper, n, expected, new double[n * n]);
        Array.Sort(expected);
        var actual = (double[])values.Clone();
        Array.Sort(actual);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale * n);
    }

    [Fact]
    public void Can_be_reused_for_many_matrices()
    {
        var solver = new SymmetricEigensolver(6);
        var values = new double[6];
        var vectors = new double[36];
        for (int seed = 0; seed < 20; seed++)
        {
            var a = Build("random", 6, seed);
            solver.Decompose(a, values, vectors);
            double trace = Enumerable.Range(0, 6).Sum(i => a[i * 6 + i]);
            Assert.Equal(trace, values.Sum(), 1e-10);
        }
    }

    private static double[] Build(string kind, int n, int seed = 1)
    {
        var a = new double[n * n];
        var random = new RandomSource((ulong)(seed * 1000 + n));
        switch (kind)
        {
            case "random":
                var g = new double[n * n];
                random.FillGaussian(g);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) a[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
                break;
            case "identity":
                for (int i = 0; i < n; i++) a[i * n + i] = 1;
                break;
            case "diagonal":
                for (int i = 0; i < n; i++) a[i * n + i] = i % 3 - 1.5 * i;
                break;
            case "tridiagonal":
                for (int i = 0; i < n; i++)
                {
                    a[i * n + i] = 2;
                    if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
                }
                break;
            case "clustered": // I + a tiny symmetric perturbation: eigenvalues all near 1, as in a young CMA-ES
                var p = new double[n * n];
                random.FillGaussian(p);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) a[i * n + j] = (i == j ? 1 : 0) + 1e-9 * (p[i * n + j] + p[j * n + i]);
                break;
            case "rank-one":
                var v = new double[n];
                random.FillGaussian(v);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) a[i * n + j] = v[i] * v[j];
                break;
            case "graded": // condition number 10¹², as CMA-ES reaches on ill-conditioned problems
                var q = new double[n * n];
                random.FillGaussian(q);
                for (int k = 0; k < n; k++)
                {
                    double lambda = Math.Pow(10, 12.0 * k / (n - 1));
                    double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => q[k * n + i] * q[k * n + i]));
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) a[i * n + j] += lambda * q[k * n + i] * q[k * n + j] / (norm * norm);
                }
                break;
            case "zero":
                break;
        }
        return a;
    }
}

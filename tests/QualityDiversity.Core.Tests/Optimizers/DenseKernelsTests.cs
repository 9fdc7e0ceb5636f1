using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Optimizers;

/// <summary>The SIMD kernels against plain loops, over sizes that exercise every remainder path.</summary>
public class DenseKernelsTests
{
    private static double[] Gaussian(int length, ulong seed)
    {
        var values = new double[length];
        new RandomSource(seed).FillGaussian(values);
        return values;
    }

    [Fact]
    public void Dot_and_axpy_match_plain_loops()
    {
        for (int length = 0; length < 40; length++)
        {
            var x = Gaussian(length, 1);
            var y = Gaussian(length, 2);
            Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), DenseKernels.Dot(x, y), 1e-12);
            if (length == 0) continue;
            var expected = y.Select((v, i) => v + 0.5 * x[i]).ToArray();
            DenseKernels.Axpy(0.5, ref x[0], ref y[0], length);
            for (int i = 0; i < length; i++) Assert.Equal(expected[i], y[i], 1e-14);
        }
    }

    [Fact]
    public void Matrix_product_accumulates_for_all_shapes()
    {
        foreach (int rows in new[] { 1, 2, 3, 4, 5, 9 })
            foreach (int inner in new[] { 1, 3, 8 })
                foreach (int cols in new[] { 1, 3, 4, 7, 8, 9, 17, 21 })
                {
                    var a = Gaussian(rows * inner, 3);
                    var b = Gaussian(inner * cols, 4);
                    var c = Gaussian(rows * cols, 5);
                    var expected = (double[])c.Clone();
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < cols; j++)
                            for (int k = 0; k < inner; k++) expected[r * cols + j] += a[r * inner + k] * b[k * cols + j];
                    DenseKernels.MultiplyAccumulate(a, rows, inner, b, cols, c);
                    for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);
                }
    }

    [Fact]
    public void Symmetric_rank_update_touches_exactly_the_upper_triangle()
    {
        foreach (int n in new[] { 1, 2, 5, 8, 11, 19 })
            foreach (int count in new[] { 1, 2, 6 })
            {
                var c = Gaussian(n * n, 6);
                var vectors = Gaussian(count * n, 7);
                var scales = Gaussian(count, 8);
                var expected = (double[])c.Clone();
                for (int i = 0; i < n; i++)
                    for (int j = i; j < n; j++)
                    {
                        double v = 0.9 * c[i * n + j];
                        for (int k = 0; k < count; k++) v += scales[k] * vectors[k * n + i] * vectors[k * n + j];
                        expected[i * n + j] = v;
                    }
                DenseKernels.SymmetricRankUpdate(c, n, 0.9, vectors, scales, new double[count]);
                for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);
            }
    }

    [Fact]
    public void Rotation_matches_plain_loops()
    {
        for (int length = 1; length < 20; length++)
        {
            var x = Gaussian(length, 9);
            var y = Gaussian(length, 10);
            double c = Math.Cos(0.7), s = Math.Sin(0.7);
            var expectedX = x.Select((v, i) => c * v - s * y[i]).ToArray();
            var expectedY = x.Select((v, i) => s * v + c * y[i]).ToArray();
            DenseKernels.Rotate(ref x[0], ref y[0], length, c, s);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(expectedX[i], x[i], 1e-14);
                Assert.Equal(expectedY[i], y[i], 1e-14);
            }
        }
    }

    [Fact]
    public void Rank_two_row_update_with_accumulation_matches_plain_loops()
    {
        for (int length = 1; length < 20; length++)
        {
            var row = Gaussian(length, 11);
            var x = Gaussian(length, 12);
            var y = Gaussian(length, 13);
            var acc = Gaussian(length, 14);
            var expectedRow = row.Select((r, i) => r - 0.3 * x[i] - 0.7 * y[i]).ToArray();
            var expectedAcc = acc.Select((a, i) => a + 1.5 * expectedRow[i]).ToArray();
            DenseKernels.RankTwoRowUpdate(ref row[0], 0.3, ref x[0], 0.7, ref y[0], length, 1.5, ref acc[0]);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(expectedRow[i], row[i], 1e-13);
                Assert.Equal(expectedAcc[i], acc[i], 1e-13);
            }
        }
    }
}

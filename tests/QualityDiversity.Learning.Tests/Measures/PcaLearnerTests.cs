using QualityDiversity.Learning.Measures;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Tests.Measures;

public class PcaLearnerTests
{
    // Rows of latent (2-D, standard deviations 3 and 1) mapped through a random orthonormal
    // d×2 basis, shifted by an offset, plus small isotropic noise.
    private static (double[] Features, double[] Latent, double[] Basis) Synthetic(int n, int d, double noise, long seed)
    {
        var random = new RandomSource(seed);
        double[] basis = new double[d * 2];
        random.FillGaussian(basis);
        OrthonormaliseColumns(basis, d, 2);
        double[] offset = new double[d];
        random.FillUniform(offset, -5, 5);

        double[] latent = new double[n * 2];
        double[] features = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            latent[2 * r] = 3.0 * random.NextGaussian();
            latent[2 * r + 1] = 1.0 * random.NextGaussian();
            for (int j = 0; j < d; j++)
                features[r * d + j] = offset[j] + basis[j * 2] * latent[2 * r] + basis[j * 2 + 1] * latent[2 * r + 1] + noise * random.NextGaussian();
        }
        return (features, latent, basis);
    }

    private static void OrthonormaliseColumns(double[] m, int rows, int cols)
    {
        for (int c = 0; c < cols; c++)
        {
            for (int p = 0; p < c; p++)
            {
                double dot = 0;
                for (int r = 0; r < rows; r++) dot += m[r * cols + c] * m[r * cols + p];
                for (int r = 0; r < rows; r++) m[r * cols + c] -= dot * m[r * cols + p];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => m[r * cols + c] * m[r * cols + c]));
            for (int r = 0; r < rows; r++) m[r * cols + c] /= norm;
        }
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    // R² of the least-squares fit y ≈ a + b·m0 + c·m1 over rows of two measures.
    private static double LinearFitR2(double[] measures, double[] y)
    {
        double[] m0 = Column(measures, 2, 0), m1 = Column(measures, 2, 1);
        double a0 = m0.Average(), a1 = m1.Average(), ay = y.Average();
        double s00 = 0, s01 = 0, s11 = 0, s0y = 0, s1y = 0, syy = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double u = m0[i] - a0, v = m1[i] - a1, w = y[i] - ay;
            s00 += u * u; s01 += u * v; s11 += v * v; s0y += u * w; s1y += v * w; syy += w * w;
        }
        double det = s00 * s11 - s01 * s01;
        double b = (s11 * s0y - s01 * s1y) / det, c = (s00 * s1y - s01 * s0y) / det;
        return (b * s0y + c * s1y) / syy;
    }

    private static double[] Column(double[] rowMajor, int cols, int c) =>
        Enumerable.Range(0, rowMajor.Length / cols).Select(r => rowMajor[r * cols + c]).ToArray();

    private static double[] Project(PcaModel model, double[] features)
    {
        double[] measures = new double[features.Length / model.FeatureDim * model.MeasureDim];
        model.Project(features, measures);
        return measures;
    }

    private static void AssertOrthonormalRows(PcaModel model)
    {
        int d = model.FeatureDim;
        double[] c = model.Components.ToArray();
        for (int i = 0; i < model.MeasureDim; i++)
            for (int j = 0; j < model.MeasureDim; j++)
            {
                double dot = 0;
                for (int t = 0; t < d; t++) dot += c[i * d + t] * c[j * d + t];
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-9);
            }
    }

    [Fact]
    public void Recovers_the_dominant_directions_of_low_rank_data()
    {
        const int N = 600, D = 10;
        var (features, latent, basis) = Synthetic(N, D, noise: 0.01, seed: 11);

        MeasureFit fit = new PcaLearner().Fit(features, D, new RandomSource(0));
        var model = Assert.IsType<PcaModel>(fit.Model);
        double[] measures = Project(model, features);

        Assert.Equal(0, fit.Epochs);
        Assert.Null(fit.ValidationAccuracy);
        Assert.Null(fit.ValidationLoss);
        Assert.Equal((D, 2), (model.FeatureDim, model.MeasureDim));
        // Distinct latent variances pin each component to one latent axis, up to sign and the small
        // rotation from the sample correlation of the latents (which mixes some of the larger into the smaller).
        Assert.True(Math.Abs(Correlation(Column(measures, 2, 0), Column(latent, 2, 0))) > 0.999);
        Assert.True(Math.Abs(Correlation(Column(measures, 2, 1), Column(latent, 2, 1))) > 0.99);
        // Up to rotation the measures are the latent: each latent is a linear function of the two measures.
        Assert.True(LinearFitR2(measures, Column(latent, 2, 0)) > 0.9999);
        Assert.True(LinearFitR2(measures, Column(latent, 2, 1)) > 0.999);
        Assert.True(model.ExplainedVarianceRatio[0] + model.ExplainedVarianceRatio[1] > 0.999);
        Assert.True(model.ExplainedVariance[0] > model.ExplainedVariance[1]);
        Assert.InRange(model.ExplainedVariance[0], 9 * 0.85, 9 * 1.15);
        Assert.InRange(model.ExplainedVariance[1], 0.85, 1.15);
        // Each component lies in the span of the true basis.
        for (int c = 0; c < 2; c++)
        {
            double inSpan = 0;
            for (int b = 0; b < 2; b++)
            {
                double dot = 0;
                for (int j = 0; j < D; j++) dot += model.Components[c * D + j] * basis[j * 2 + b];
                inSpan += dot * dot;
            }
            Assert.True(inSpan > 0.9999, $"component {c} has {inSpan} of its length in the true span");
        }
        AssertOrthonormalRows(model);
        // Centred projections: measures of the training data average to 0.
        Assert.Equal(0.0, Column(measures, 2, 0).Average(), 1e-9);
    }

    [Fact]
    public void Fewer_rows_than_columns_still_gives_the_principal_subspace()
    {
        const int N = 8, D = 40;
        var (features, latent, _) = Synthetic(N, D, noise: 0.0, seed: 12);

        var model = (PcaModel)new PcaLearner(2).Fit(features, D, new RandomSource(0)).Model;
        double[] measures = Project(model, features);

        // Noise-free rank-2 data: the two components reproduce the centred latent exactly up to rotation.
        Assert.Equal(1.0, model.ExplainedVarianceRatio[0] + model.ExplainedVarianceRatio[1], 1e-9);
        AssertOrthonormalRows(model);
        AssertEigenvectorsOfCovariance(model, features, N, D);
        Assert.Equal(N, measures.Length / 2);
    }

    [Fact]
    public void Components_beyond_the_rank_are_orthonormal_and_explain_nothing()
    {
        const int N = 4, D = 12;
        var (features, _, _) = Synthetic(N, D, noise: 0.0, seed: 13);

        var model = (PcaModel)new PcaLearner(6).Fit(features, D, new RandomSource(0)).Model;

        AssertOrthonormalRows(model);
        Assert.True(model.ExplainedVariance[1] > 0);
        for (int c = 2; c < 6; c++) Assert.Equal(0.0, model.ExplainedVariance[c], 1e-9);
        // Same with more rows than columns but duplicated (rank-deficient) columns.
        double[] duplicated = new double[50 * 3];
        var random = new RandomSource(4);
        for (int r = 0; r < 50; r++)
        {
            duplicated[r * 3] = random.NextGaussian();
            duplicated[r * 3 + 1] = duplicated[r * 3];
            duplicated[r * 3 + 2] = 0.5;
        }
        var flat = (PcaModel)new PcaLearner(3).Fit(duplicated, 3, new RandomSource(0)).Model;
        AssertOrthonormalRows(flat);
        Assert.Equal(1.0, flat.ExplainedVarianceRatio[0], 1e-12);
        Assert.Equal(Math.Sqrt(0.5), flat.Components[0], 1e-12);
        Assert.Equal(Math.Sqrt(0.5), flat.Components[1], 1e-12);
    }

    [Theory]
    [InlineData(300, 6)]
    [InlineData(5, 30)]
    public void Refits_are_bit_identical_and_signs_follow_the_largest_loading(int n, int d)
    {
        var (features, _, _) = Synthetic(n, d, noise: 0.05, seed: 14);
        var learner = new PcaLearner(3);

        var first = (PcaModel)learner.Fit(features, d, new RandomSource(1)).Model;
        var second = (PcaModel)learner.Fit(features, d, new RandomSource(2)).Model;

        Assert.Equal(first.Components.ToArray(), second.Components.ToArray());
        Assert.Equal(first.Mean.ToArray(), second.Mean.ToArray());
        Assert.Equal(first.ExplainedVariance.ToArray(), second.ExplainedVariance.ToArray());
        for (int c = 0; c < 3; c++)
        {
            double[] row = first.Components.Slice(c * d, d).ToArray();
            double largest = row.MaxBy(Math.Abs);
            Assert.True(largest > 0, $"component {c}'s largest loading {largest} is negative");
        }
        // Flipping the data's sign flips the measures, not the components.
        var negated = (PcaModel)learner.Fit(features.Select(v => -v).ToArray(), d, new RandomSource(1)).Model;
        for (int i = 0; i < 3 * d; i++) Assert.Equal(first.Components[i], negated.Components[i], 1e-8);
    }

    [Fact]
    public void Eigen_relation_holds_when_rows_exceed_columns()
    {
        const int N = 200, D = 7;
        var (features, _, _) = Synthetic(N, D, noise: 0.3, seed: 15);
        var model = (PcaModel)new PcaLearner(4).Fit(features, D, new RandomSource(0)).Model;
        AssertEigenvectorsOfCovariance(model, features, N, D);
        for (int c = 1; c < 4; c++) Assert.True(model.ExplainedVariance[c - 1] >= model.ExplainedVariance[c]);
    }

    private static void AssertEigenvectorsOfCovariance(PcaModel model, double[] features, int n, int d)
    {
        double[] mean = model.Mean.ToArray();
        for (int c = 0; c < model.MeasureDim; c++)
        {
            double[] v = model.Components.Slice(c * d, d).ToArray();
            double[] cv = new double[d];
            for (int r = 0; r < n; r++)
            {
                double proj = 0;
                for (int j = 0; j < d; j++) proj += (features[r * d + j] - mean[j]) * v[j];
                for (int j = 0; j < d; j++) cv[j] += (features[r * d + j] - mean[j]) * proj / (n - 1);
            }
            for (int j = 0; j < d; j++) Assert.Equal(model.ExplainedVariance[c] * v[j], cv[j], 1e-8);
        }
    }

    [Fact]
    public void Constant_features_give_zero_measures_and_ratios()
    {
        double[] features = Enumerable.Repeat(new[] { 1.0, -2.0, 3.0 }, 5).SelectMany(r => r).ToArray();
        var model = (PcaModel)new PcaLearner().Fit(features, 3, new RandomSource(0)).Model;

        Assert.Equal(0.0, model.TotalVariance);
        Assert.Equal([0.0, 0.0], model.ExplainedVarianceRatio.ToArray());
        Assert.All(Project(model, features), m => Assert.Equal(0.0, m, 1e-12));
        AssertOrthonormalRows(model);
    }

    [Fact]
    public void Bad_input_is_rejected_naming_the_problem()
    {
        var learner = new PcaLearner();
        var random = new RandomSource(0);

        Assert.Contains("at least 2 feature rows", Assert.Throws<ArgumentException>(() => learner.Fit(new double[3], 3, random)).Message);
        Assert.Contains("at least 2 feature rows", Assert.Throws<ArgumentException>(() => learner.Fit([], 3, random)).Message);
        Assert.Contains("not a whole number of rows", Assert.Throws<ArgumentException>(() => learner.Fit(new double[7], 3, random)).Message);
        Assert.Contains("row 1, column 2", Assert.Throws<ArgumentException>(() => learner.Fit([0, 0, 0, 0, 0, double.NaN], 3, random)).Message);
        Assert.Contains("row 0, column 0", Assert.Throws<ArgumentException>(() => learner.Fit([double.NegativeInfinity, 0, 0, 0, 0, 0], 3, random)).Message);
        Assert.Contains("Cannot take 2 principal components of 1-dimensional", Assert.Throws<ArgumentException>(() => learner.Fit(new double[4], 1, random)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => learner.Fit(new double[4], 0, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcaLearner(0));
    }
}

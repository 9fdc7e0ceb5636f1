using QualityDiversity.Learning.Measures;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Tests.Measures;

public class PcaModelTests
{
    private static (PcaModel Model, double[] Features) Fitted(int n, int d, int k)
    {
        var random = new RandomSource(21);
        double[] features = new double[n * d];
        random.FillGaussian(features);
        for (int i = 0; i < features.Length; i++) features[i] = features[i] * (1 + i % d) + 100.0;
        return ((PcaModel)new PcaLearner(k).Fit(features, d, random).Model, features);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(3)]
    public void Projection_is_the_centred_dot_product_with_each_component(int d)
    {
        var (model, features) = Fitted(100, d, 2);
        double[] measures = new double[100 * 2];

        model.Project(features, measures);

        for (int r = 0; r < 100; r++)
            for (int c = 0; c < 2; c++)
            {
                double expected = 0;
                for (int j = 0; j < d; j++) expected += (features[r * d + j] - model.Mean[j]) * model.Components[c * d + j];
                Assert.Equal(expected, measures[r * 2 + c], 1e-9);
            }
    }

    [Fact]
    public void Projecting_allocates_nothing_and_is_safe_in_parallel()
    {
        var (model, features) = Fitted(2_000, 16, 2);
        double[] expected = new double[2_000 * 2];
        model.Project(features, expected);

        double[] again = new double[expected.Length];
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Project(features, again);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        double[] parallel = new double[expected.Length];
        Parallel.For(0, 2_000, r => model.Project(features.AsSpan(r * 16, 16), parallel.AsSpan(r * 2, 2)));
        Assert.Equal(expected, parallel);
        Assert.Equal(expected, again);
    }

    [Fact]
    public void Mismatched_spans_are_rejected()
    {
        var (model, _) = Fitted(10, 4, 2);
        Assert.Contains("whole number of rows", Assert.Throws<ArgumentException>(() => model.Project(new double[7], new double[4])).Message);
        Assert.Contains("need 4", Assert.Throws<ArgumentException>(() => model.Project(new double[8], new double[3])).Message);
        model.Project([], []);
    }
}

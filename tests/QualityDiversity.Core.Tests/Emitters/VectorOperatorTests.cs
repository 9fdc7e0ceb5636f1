using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Emitters;

public class VectorOperatorTests
{
    private static double[] Vary(IVariationOperator<double> variation, double[] parentRows, int width, int children, long seed)
    {
        var output = new double[children * width];
        variation.Vary(ParentSource<double>.FromRows(parentRows, width, children, variation.ParentCount), output, new RandomSource(seed));
        return output;
    }

    // 60 values take the ziggurat, 259 and 54,000 the lanes piece by piece (54,000 over many
    // pieces, with rows straddling them), 300,000 the fill split over the cores.
    [Theory]
    [InlineData(20, 3)]
    [InlineData(37, 7)]
    [InlineData(540, 100)]
    [InlineData(3_000, 100)]
    public void Gaussian_mutation_is_parent_plus_sigma_times_one_fill_of_normals(int children, int width)
    {
        var random = new RandomSource(5);
        var parents = new double[children * width];
        random.FillUniform(parents, -2, 2);
        var sigma = new double[width];
        random.FillUniform(sigma, 0.05, 0.5);

        var varied = Vary(new GaussianMutation(sigma, width), parents, width, children, seed: 8);

        var normals = new double[children * width];
        new RandomSource(8).FillGaussian(normals);
        for (int i = 0; i < normals.Length; i++)
            Assert.Equal(parents[i] + sigma[i % width] * normals[i], varied[i]);
    }

    private static double[] Repeat(double[] row, int times) => Enumerable.Repeat(row, times).SelectMany(r => r).ToArray();

    [Fact]
    public void Polynomial_mutation_keeps_children_in_bounds_and_takes_small_steps_for_large_eta()
    {
        var bounds = new SolutionBounds([-1, 0], [1, 10]);
        int n = 20_000;
        var parents = Repeat([0.99, 5], n);
        var children = Vary(new PolynomialMutation(bounds, eta: 20, mutationProbability: 1), parents, 2, n, 1);
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(children[2 * i], -1, 1);
            Assert.InRange(children[2 * i + 1], 0, 10);
        }
        // Steps are relative to the box width: the mean absolute step of a centred coordinate is
        // E|δ| = 1/(η+2) of the width for the unbounded polynomial distribution (here 10/22).
        double meanStep = Enumerable.Range(0, n).Average(i => Math.Abs(children[2 * i + 1] - 5));
        Assert.InRange(meanStep, 10 / 22.0 * 0.97, 10 / 22.0 * 1.03);
        var wide = Vary(new PolynomialMutation(bounds, eta: 1, mutationProbability: 1), parents, 2, n, 1);
        Assert.True(Enumerable.Range(0, n).Average(i => Math.Abs(wide[2 * i + 1] - 5)) > 3 * meanStep);
    }

    [Fact]
    public void Polynomial_mutation_changes_each_coordinate_with_its_probability()
    {
        var bounds = SolutionBounds.Uniform(10, 0, 1);
        int n = 5_000;
        var children = Vary(new PolynomialMutation(bounds), Repeat(Enumerable.Repeat(0.5, 10).ToArray(), n), 10, n, 2);
        double changed = children.Count(v => v != 0.5) / (double)children.Length;
        Assert.InRange(changed, 0.09, 0.11); // 1 / dimension by default
        Assert.Equal("bounds", Assert.Throws<ArgumentException>(() => new PolynomialMutation(new SolutionBounds([0], [double.PositiveInfinity]))).ParamName);
        Assert.Equal("eta", Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialMutation(bounds, eta: -1)).ParamName);
    }

    [Fact]
    public void Sbx_children_are_centred_on_their_parents_and_identical_parents_breed_true()
    {
        int n = 40_000;
        var parents = Repeat([0, 4, 3, 4], n); // pairs (0, 3) and (4, 4) per coordinate
        var children = Vary(new SimulatedBinaryCrossover(eta: 2, crossoverProbability: 1), parents, 2, n, 3);
        Assert.InRange(Enumerable.Range(0, n).Average(i => children[2 * i]), 1.45, 1.55);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(4, children[2 * i + 1]));
        Assert.Contains(Enumerable.Range(0, n), i => children[2 * i] < 0 || children[2 * i] > 3); // SBX also extrapolates

        var none = Vary(new SimulatedBinaryCrossover(crossoverProbability: 0), [1, 2, 7, 8], 2, 1, 3);
        Assert.Equal([1.0, 2], none);
        var clipped = Vary(new SimulatedBinaryCrossover(eta: 0, bounds: SolutionBounds.Uniform(2, 0, 3), crossoverProbability: 1), parents, 2, n, 4);
        Assert.All(clipped, v => Assert.InRange(v, 0, 3));
    }

    [Fact]
    public void Operators_refuse_rows_of_another_dimension()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Vary(new GaussianMutation([0.1], 3), [0, 0], 2, 1, 1));
        Assert.Contains("dimension 3", error.Message);
        Assert.Throws<InvalidOperationException>(() => Vary(new PolynomialMutation(SolutionBounds.Uniform(3, 0, 1)), [0, 0], 2, 1, 1));
    }

    [Fact]
    public void Iso_line_operator_with_given_parents_moves_along_their_line()
    {
        var children = Vary(new IsoLineVariation(0, 0.5), Repeat([0, 0, 1, 2], 100), 2, 100, 5);
        for (int i = 0; i < 100; i++) Assert.Equal(2 * children[2 * i], children[2 * i + 1], 12);
    }
}

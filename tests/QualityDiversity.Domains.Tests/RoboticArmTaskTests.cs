using QualityDiversity.Domains;

namespace QualityDiversity.Domains.Tests;

public class RoboticArmTaskTests
{
    private static (double Objective, double[] Measures, double[] Features) Eval(RoboticArmTask task, double[] theta)
    {
        var measures = new double[task.MeasureDim];
        var features = new double[task.FeatureDim];
        double objective = task.EvaluateOne(theta, measures, features);
        return (objective, measures, features);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Straight_Arm_Reaches_n_Along_X_With_Objective_100(int n)
    {
        var task = new RoboticArmTask(n);
        var (objective, m, f) = Eval(task, new double[n]);
        Assert.Equal(100.0, objective);
        Assert.Equal(n, m[0]);
        Assert.Equal(0.0, m[1]);
        Assert.All(f.Take(n), c => Assert.Equal(1.0, c));
        Assert.All(f.Skip(n), s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Two_Joints_By_Hand()
    {
        // phi = (0, pi/2): links point along +x then +y; mean pi/4, variance (pi/4)^2.
        var (objective, m, _) = Eval(new RoboticArmTask(2), [0.0, Math.PI / 2]);
        Assert.Equal(1.0, m[0], 14);
        Assert.Equal(1.0, m[1], 14);
        Assert.Equal((1 - Math.PI * Math.PI / 16) * 100, objective, 12);
    }

    [Fact]
    public void Three_Joints_By_Hand()
    {
        // phi = (pi/2, 0, pi/2): up, right, up -> (1, 2). Mean pi/6; deviations pi/3, -2pi/3, pi/3;
        // variance (1 + 4 + 1)(pi/3)^2 / 3 = 2 pi^2 / 9.
        var (objective, m, _) = Eval(new RoboticArmTask(3), [Math.PI / 2, -Math.PI / 2, Math.PI / 2]);
        Assert.Equal(1.0, m[0], 14);
        Assert.Equal(2.0, m[1], 14);
        Assert.Equal((1 - 2 * Math.PI * Math.PI / 9) * 100, objective, 12);
    }

    [Fact]
    public void Custom_Link_Lengths_Scale_Position_And_Ranges()
    {
        var task = new RoboticArmTask([2.0, 1.0]);
        var (_, m, f) = Eval(task, [0.0, Math.PI / 2]);
        Assert.Equal(2.0, m[0], 14);
        Assert.Equal(1.0, m[1], 14);
        // Features are unit directions, independent of link lengths.
        double[] expected = [1.0, 0.0, 0.0, 1.0];
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], f[i], 14);
        Assert.Equal(3.0, task.Reach);
        Assert.Equal([(-3.0, 3.0), (-3.0, 3.0)], task.MeasureRanges);
        Assert.Equal([2.0, 1.0], task.LinkLengths);
    }

    [Fact]
    public void Features_Are_Cos_Then_Sin_Of_Cumulative_Angles()
    {
        const int n = 12;
        var task = new RoboticArmTask(n);
        var rng = new Random(3);
        var theta = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * Math.PI).ToArray();
        var (objective, m, f) = Eval(task, theta);

        Assert.Equal(2 * n, task.FeatureDim);
        double phi = 0, x = 0, y = 0;
        for (int k = 0; k < n; k++)
        {
            phi += theta[k];
            Assert.Equal(Math.Cos(phi), f[k], 14);
            Assert.Equal(Math.Sin(phi), f[n + k], 14);
            x += Math.Cos(phi);
            y += Math.Sin(phi);
        }
        Assert.Equal(x, m[0], 12);
        Assert.Equal(y, m[1], 12);

        double mean = theta.Average();
        double variance = theta.Sum(t => (t - mean) * (t - mean)) / n;
        Assert.Equal((1 - variance) * 100, objective, 12);
    }

    [Fact]
    public void Measures_Stay_Within_Reach()
    {
        var task = new RoboticArmTask(7);
        var rng = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            var theta = Enumerable.Range(0, 7).Select(_ => (rng.NextDouble() - 0.5) * 20).ToArray();
            var (_, m, _) = Eval(task, theta);
            Assert.True(Math.Sqrt(m[0] * m[0] + m[1] * m[1]) <= task.Reach + 1e-12);
            for (int j = 0; j < 2; j++)
                Assert.InRange(m[j], task.MeasureRanges[j].Lower, task.MeasureRanges[j].Upper);
        }
    }

    [Fact]
    public void Description()
    {
        var task = new RoboticArmTask(10);
        Assert.Equal("arm", task.Id);
        Assert.Contains("10", task.Name);
        Assert.Equal(10, task.SolutionDim);
        Assert.Equal(2, task.MeasureDim);
        Assert.Equal(20, task.FeatureDim);
        Assert.Equal([(-10.0, 10.0), (-10.0, 10.0)], task.MeasureRanges);
        Assert.Equal((-Math.PI, Math.PI), task.InitialRange);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Dimension_Below_One_Is_Rejected(int n)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RoboticArmTask(n));
        Assert.Equal("dimension", ex.ParamName);
    }

    [Fact]
    public void Bad_Link_Lengths_Are_Rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new RoboticArmTask((IReadOnlyList<double>)null!));
        Assert.Equal("linkLengths", Assert.Throws<ArgumentException>(() => new RoboticArmTask(Array.Empty<double>())).ParamName);
        Assert.Equal("linkLengths", Assert.Throws<ArgumentException>(() => new RoboticArmTask([1.0, 0.0])).ParamName);
        Assert.Equal("linkLengths", Assert.Throws<ArgumentException>(() => new RoboticArmTask([1.0, double.NaN])).ParamName);
        Assert.Equal("linkLengths", Assert.Throws<ArgumentException>(() => new RoboticArmTask([-1.0])).ParamName);
    }

    [Fact]
    public void Link_Lengths_Are_Copied()
    {
        var lengths = new[] { 1.0, 2.0 };
        var task = new RoboticArmTask(lengths);
        lengths[0] = 100.0;
        Assert.Equal(3.0, task.Reach);
        Assert.Equal(1.0, task.LinkLengths[0]);
    }
}

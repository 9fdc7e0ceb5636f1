using QualityDiversity.Domains;

namespace QualityDiversity.Domains.Tests;

public class LinearProjectionTaskTests
{
    private const double S = 2.048;

    private static (double Objective, double[] Measures) Eval(IBenchmarkTask task, double[] x)
    {
        var measures = new double[task.MeasureDim];
        double objective = task.EvaluateOne(x, measures, Span<double>.Empty);
        return (objective, measures);
    }

    private static double[] Filled(int n, double value) => Enumerable.Repeat(value, n).ToArray();

    [Fact]
    public void Shift_Is_Point4_Times_Bound()
    {
        Assert.Equal(2.048, LinearProjectionTask.Shift, 15);
        Assert.Equal(5.12, LinearProjectionTask.Bound);
    }

    [Theory]
    [InlineData(LinearProjectionFunction.Sphere, 2)]
    [InlineData(LinearProjectionFunction.Sphere, 7)]
    [InlineData(LinearProjectionFunction.Sphere, 100)]
    [InlineData(LinearProjectionFunction.Rastrigin, 2)]
    [InlineData(LinearProjectionFunction.Rastrigin, 7)]
    [InlineData(LinearProjectionFunction.Rastrigin, 100)]
    public void Objective_Is_100_At_Shift_And_0_At_Lower_Corner(LinearProjectionFunction function, int n)
    {
        var task = new LinearProjectionTask(function, n);
        Assert.Equal(100.0, Eval(task, Filled(n, S)).Objective, 12);
        Assert.Equal(0.0, Eval(task, Filled(n, -5.12)).Objective);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public void Sphere_At_Origin_Is_4500_Over_49(int n)
    {
        // raw = n s^2, worst = n (7.168)^2 and s / 7.168 = 2 / 7, so objective = 100 (1 - 4/49).
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, n);
        Assert.Equal(4500.0 / 49.0, Eval(task, new double[n]).Objective, 10);
    }

    [Fact]
    public void Sphere_WorstRaw_Is_n_Times_7168_Squared()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 100);
        Assert.Equal(100 * 7.168 * 7.168, task.WorstRawObjective, 9);
    }

    [Fact]
    public void Rastrigin_Matches_Formula_At_Arbitrary_Point()
    {
        double[] x = [0.0, 1.0, -3.5, 4.9, 2.5];
        int n = x.Length;
        double Raw(double[] v) => 10 * n + v.Sum(xi => (xi - S) * (xi - S) - 10 * Math.Cos(2 * Math.PI * (xi - S)));
        double worst = Raw(Filled(n, -5.12));
        double expected = 100 * (Raw(x) - worst) / (0 - worst);

        var task = new LinearProjectionTask(LinearProjectionFunction.Rastrigin, n);
        Assert.Equal(worst, task.WorstRawObjective, 9);
        Assert.Equal(expected, Eval(task, x).Objective, 10);
    }

    [Fact]
    public void Sphere_Matches_Formula_At_Arbitrary_Point()
    {
        double[] x = [0.3, -1.0, 7.0, 4.9];
        double Raw(double[] v) => v.Sum(xi => (xi - S) * (xi - S));
        double worst = Raw(Filled(4, -5.12));
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 4);
        Assert.Equal(100 * (Raw(x) - worst) / (0 - worst), Eval(task, x).Objective, 10);
    }

    [Theory]
    [InlineData(LinearProjectionFunction.Sphere)]
    [InlineData(LinearProjectionFunction.Rastrigin)]
    public void Measures_Sum_Halves_With_Clip_Rule(LinearProjectionFunction function)
    {
        var task = new LinearProjectionTask(function, 4);
        // 6 and -10 lie outside ±5.12 and map to 5.12 / v; ±5.12 itself is kept.
        var (_, m) = Eval(task, [1.0, 6.0, -10.0, 2.0]);
        Assert.Equal(1.0 + 5.12 / 6.0, m[0], 14);
        Assert.Equal(-0.512 + 2.0, m[1], 14);

        (_, m) = Eval(task, [5.12, -5.12, 5.12, 5.12]);
        Assert.Equal(0.0, m[0], 14);
        Assert.Equal(10.24, m[1], 14);
    }

    [Fact]
    public void Odd_Dimension_Puts_Floor_Half_In_First_Measure()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 5);
        var (_, m) = Eval(task, [1.0, 2.0, 3.0, 4.0, 100.0]);
        Assert.Equal(3.0, m[0], 14);
        Assert.Equal(3.0 + 4.0 + 0.0512, m[1], 14);

        Assert.Equal(2, task.MeasureRanges.Count);
        Assert.Equal((-10.24, 10.24), Round(task.MeasureRanges[0]));
        Assert.Equal((-15.36, 15.36), Round(task.MeasureRanges[1]));
    }

    [Theory]
    [InlineData(LinearProjectionFunction.Sphere)]
    [InlineData(LinearProjectionFunction.Rastrigin)]
    public void Description_At_n100(LinearProjectionFunction function)
    {
        var task = new LinearProjectionTask(function, 100);
        Assert.Equal(100, task.SolutionDim);
        Assert.Equal(2, task.MeasureDim);
        Assert.Equal(0, task.FeatureDim);
        Assert.Equal([(-256.0, 256.0), (-256.0, 256.0)], task.MeasureRanges.Select(Round));
        Assert.Equal((-5.12, 5.12), task.InitialRange);
        Assert.Equal(function, task.Function);
        Assert.Contains("100", task.Name);
        Assert.Equal(function == LinearProjectionFunction.Sphere ? "lp-sphere" : "lp-rastrigin", task.Id);
    }

    [Fact]
    public void Measures_Stay_Within_Ranges_For_Any_Input()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Rastrigin, 9);
        var rng = new Random(7);
        for (int trial = 0; trial < 500; trial++)
        {
            var x = Enumerable.Range(0, 9).Select(_ => (rng.NextDouble() - 0.5) * 100).ToArray();
            var (_, m) = Eval(task, x);
            for (int j = 0; j < 2; j++)
                Assert.InRange(m[j], task.MeasureRanges[j].Lower, task.MeasureRanges[j].Upper);
        }
        var (_, top) = Eval(task, Filled(9, 5.12));
        Assert.Equal(task.MeasureRanges[0].Upper, top[0], 12);
        Assert.Equal(task.MeasureRanges[1].Upper, top[1], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void Dimension_Below_Two_Is_Rejected(int n)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LinearProjectionTask(LinearProjectionFunction.Sphere, n));
        Assert.Equal("dimension", ex.ParamName);
    }

    [Fact]
    public void Undefined_Function_Is_Rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LinearProjectionTask((LinearProjectionFunction)42, 10));
        Assert.Equal("function", ex.ParamName);
    }

    [Fact]
    public void EvaluateOne_Checks_Span_Lengths()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 4);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() => task.EvaluateOne(new double[3], new double[2], [])).ParamName);
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => task.EvaluateOne(new double[4], new double[1], [])).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => task.EvaluateOne(new double[4], new double[2], new double[1])).ParamName);
    }

    private static (double, double) Round((double Lower, double Upper) r) => (Math.Round(r.Lower, 9), Math.Round(r.Upper, 9));
}

using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Domains.Tests;

/// <summary>Every analytic gradient of the differentiable tasks against central finite differences.</summary>
public class GradientTests
{
    private const double Step = 1e-6;

    // Objective and measures of one solution, as evaluation gives them.
    private static double[] Outputs(DifferentiableBenchmarkTask task, double[] x)
    {
        var measures = new double[task.MeasureDim];
        double objective = task.EvaluateOne(x, measures, new double[task.FeatureDim]);
        return [objective, .. measures];
    }

    // Compares each Jacobian row with (f(x + h e_i) - f(x - h e_i)) / 2h.
    private static void AssertMatchesFiniteDifferences(DifferentiableBenchmarkTask task, double[] x)
    {
        int d = task.SolutionDim, rows = 1 + task.MeasureDim;
        var jacobian = new double[rows * d];
        task.EvaluateOneWithGradient(x, new double[task.MeasureDim], new double[task.FeatureDim], jacobian);
        for (int i = 0; i < d; i++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += Step;
            minus[i] -= Step;
            double[] up = Outputs(task, plus), down = Outputs(task, minus);
            for (int r = 0; r < rows; r++)
            {
                double numeric = (up[r] - down[r]) / (2 * Step);
                double analytic = jacobian[r * d + i];
                Assert.True(Math.Abs(numeric - analytic) <= 1e-6 + 1e-6 * Math.Abs(numeric),
                    $"{task.Name}: row {r}, x[{i}] = {x[i]}: analytic {analytic}, central difference {numeric}.");
            }
        }
    }

    // Random points with coordinates both inside and outside the measures' clipping box, kept
    // away from its kinks at ±5.12 so the central difference does not straddle one.
    private static double[] LpPoint(RandomSource random, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v;
            do v = random.NextDouble(-12, 12); while (Math.Abs(Math.Abs(v) - LinearProjectionTask.Bound) < 1e-3);
            x[i] = v;
        }
        // Guarantee both regimes in both halves.
        x[0] = 7.5;
        x[1] = -1.25;
        x[n - 1] = -9.0;
        x[n - 2] = 3.0;
        return x;
    }

    [Theory]
    [InlineData(LinearProjectionFunction.Sphere, 20)]
    [InlineData(LinearProjectionFunction.Sphere, 7)]
    [InlineData(LinearProjectionFunction.Rastrigin, 20)]
    [InlineData(LinearProjectionFunction.Rastrigin, 7)]
    public void Linear_Projection_Gradients_Match_Central_Differences(LinearProjectionFunction function, int n)
    {
        var task = new LinearProjectionTask(function, n);
        var random = new RandomSource(11);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = LpPoint(random, n);
            Assert.Contains(x, v => Math.Abs(v) > LinearProjectionTask.Bound);
            Assert.Contains(x, v => Math.Abs(v) < LinearProjectionTask.Bound);
            AssertMatchesFiniteDifferences(task, x);
        }
    }

    [Fact]
    public void Clipped_Coordinate_Has_Measure_Slope_Minus_Bound_Over_Square()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 4);
        var jacobian = new double[3 * 4];
        task.EvaluateOneWithGradient([8.0, 1.0, -6.4, 0.5], new double[2], [], jacobian);
        Assert.Equal([-5.12 / 64, 1.0, 0.0, 0.0], jacobian[4..8]);
        Assert.Equal([0.0, 0.0, -5.12 / (6.4 * 6.4), 1.0], jacobian[8..12]);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(1)]
    public void Arm_Gradients_Match_Central_Differences(int joints)
    {
        var random = new RandomSource(5);
        var lengths = Enumerable.Range(0, joints).Select(_ => random.NextDouble(0.3, 2.0)).ToArray();
        foreach (var task in new[] { new RoboticArmTask(joints), new RoboticArmTask(lengths) })
        {
            for (int trial = 0; trial < 5; trial++)
            {
                var x = new double[joints];
                random.FillUniform(x, -Math.PI, Math.PI);
                AssertMatchesFiniteDifferences(task, x);
            }
        }
    }

    [Fact]
    public async Task Batch_With_Gradients_Equals_Plain_Batch_And_Single_Evaluation()
    {
        var random = new RandomSource(3);
        foreach (DifferentiableBenchmarkTask task in new DifferentiableBenchmarkTask[] { new LinearProjectionTask(LinearProjectionFunction.Rastrigin, 30), new RoboticArmTask(30) })
        {
            const int count = 100; // above the parallel threshold
            var data = new double[count * 30];
            random.FillUniform(data, -8, 8);
            var batch = new SolutionBatch<double>(data, 30);
            var plain = new EvaluationResults(count, task.MeasureDim, task.FeatureDim);
            var withGradients = new EvaluationResults(count, task.MeasureDim, task.FeatureDim);
            var gradients = new GradientResults(count, task.MeasureDim, 30);
            await task.EvaluateAsync(batch, plain);
            await task.EvaluateWithGradientsAsync(batch, withGradients, gradients);
            Assert.Equal(plain.Objectives, withGradients.Objectives);
            Assert.Equal(plain.Measures, withGradients.Measures);
            Assert.Equal(plain.Features, withGradients.Features);
            for (int i = 0; i < count; i += 17)
            {
                var jacobian = new double[gradients.JacobianLength];
                task.EvaluateOneWithGradient(batch.Row(i), new double[task.MeasureDim], new double[task.FeatureDim], jacobian);
                Assert.Equal(jacobian, gradients.JacobianOf(i).ToArray());
            }
        }
    }

    [Fact]
    public void Wrong_Jacobian_Length_Is_Named()
    {
        var task = new LinearProjectionTask(LinearProjectionFunction.Sphere, 4);
        var error = Assert.Throws<ArgumentException>(() => task.EvaluateOneWithGradient(new double[4], new double[2], [], new double[8]));
        Assert.Equal("jacobian", error.ParamName);
    }
}

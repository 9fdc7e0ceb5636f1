using QualityDiversity.Optimizers.Gradient;

namespace QualityDiversity.Core.Tests.Gradient;

public class GradientOptimizerTests
{
    [Fact]
    public void Gradient_ascent_moves_theta_by_lr_times_the_gradient()
    {
        var optimizer = new GradientAscentOptimizer([1.0, -2.0], 0.5);
        optimizer.Step([4.0, 1.0]);
        Assert.Equal([3.0, -1.5], optimizer.Theta.ToArray());
        optimizer.Reset([0.0, 0.0]);
        Assert.Equal([0.0, 0.0], optimizer.Theta.ToArray());
    }

    [Fact]
    public void Adam_first_step_is_lr_along_the_sign_of_the_gradient_and_follows_the_update_rule()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var optimizer = new AdamOptimizer([0.0, 0.0], lr, b1, b2, eps);
        double[] g1 = [3.0, -0.5], g2 = [-1.0, 2.0];
        optimizer.Step(g1);
        Assert.Equal(lr, optimizer.Theta[0], 7);
        Assert.Equal(-lr, optimizer.Theta[1], 7);

        // The second step by hand from the same rule (ascent = descent on -g).
        optimizer.Step(g2);
        for (int i = 0; i < 2; i++)
        {
            double m = 0, v = 0, theta = 0;
            double[][] steps = [g1, g2];
            for (int t = 1; t <= 2; t++)
            {
                double g = -steps[t - 1][i];
                double a = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                theta -= a * m / (Math.Sqrt(v) + eps);
            }
            Assert.Equal(theta, optimizer.Theta[i]);
        }
        Assert.Equal(2, optimizer.Steps);
        optimizer.Reset([1.0, 1.0]);
        Assert.Equal(0, optimizer.Steps);
    }

    [Fact]
    public void Adam_state_round_trips_bit_for_bit()
    {
        var original = new AdamOptimizer([0.5, 1.5, -1.0], 0.1);
        original.Step([1, 2, 3]);
        original.Step([-1, 0.5, 2]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) original.WriteState(writer);
        stream.Position = 0;
        var restored = new AdamOptimizer([0, 0, 0], 0.1);
        using (var reader = new BinaryReader(stream)) restored.ReadState(reader);
        original.Step([0.3, -0.2, 0.1]);
        restored.Step([0.3, -0.2, 0.1]);
        Assert.Equal(original.Theta.ToArray(), restored.Theta.ToArray());
    }

    [Fact]
    public void Bad_input_is_named()
    {
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientAscentOptimizer([1.0], 0)).ParamName);
        var optimizer = new AdamOptimizer([1.0, 2.0]);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => optimizer.Step([1.0])).ParamName);
        Assert.Contains("theta0[1]", Assert.Throws<ArgumentException>(() => optimizer.Reset([0.0, double.NaN])).Message);
        Assert.Throws<ArgumentException>(() => GradientOptimizers.Parse("sgd"));
        Assert.Same(GradientOptimizers.Adam, GradientOptimizers.Parse("adam"));
    }
}

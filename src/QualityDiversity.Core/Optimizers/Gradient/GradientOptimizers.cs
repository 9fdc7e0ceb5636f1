namespace QualityDiversity.Optimizers.Gradient;

/// <summary>Creates a gradient optimizer at a starting point with a learning rate.</summary>
public delegate IGradientOptimizer GradientOptimizerFactory(ReadOnlySpan<double> theta0, double learningRate);

/// <summary>The built-in gradient optimizers by name (pyribs' <c>grad_opt</c>).</summary>
public static class GradientOptimizers
{
    /// <summary>Plain gradient ascent.</summary>
    public static GradientOptimizerFactory GradientAscent { get; } = (theta0, lr) => new GradientAscentOptimizer(theta0, lr);

    /// <summary>Adam with pyribs' default β₁ = 0.9, β₂ = 0.999, ε = 1e-8.</summary>
    public static GradientOptimizerFactory Adam { get; } = (theta0, lr) => new AdamOptimizer(theta0, lr);

    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = [GradientAscentOptimizer.OptimizerName, AdamOptimizer.OptimizerName];

    /// <summary>The optimizer named <paramref name="name"/>: <c>gradient_ascent</c> (or <c>ga</c>) or <c>adam</c>.</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static GradientOptimizerFactory Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "gradient_ascent" or "ga" => GradientAscent,
            "adam" => Adam,
            _ => throw new ArgumentException($"Unknown gradient optimizer \"{name}\"; use \"gradient_ascent\" or \"adam\".", nameof(name)),
        };
    }
}

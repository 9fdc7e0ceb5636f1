using QualityDiversity.Persistence;

namespace QualityDiversity.Optimizers.Gradient;

/// <summary>
/// A first-order optimizer that keeps a solution point θ and moves it uphill: each
/// <see cref="Step"/> takes an (estimated) ascent direction. Used by the gradient-arborescence
/// emitter (CMA-MEGA) to move its solution point. Its state is checkpointable.
/// </summary>
public interface IGradientOptimizer : ICheckpointable
{
    /// <summary>The short name (<c>gradient_ascent</c>, <c>adam</c>).</summary>
    string Name { get; }

    /// <summary>Dimension of θ.</summary>
    int Dimension { get; }

    /// <summary>The learning rate η.</summary>
    double LearningRate { get; }

    /// <summary>The current solution point θ.</summary>
    ReadOnlySpan<double> Theta { get; }

    /// <summary>Moves θ to <paramref name="theta0"/> and forgets any accumulated state (moments, step count).</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Dimension"/>.</exception>
    void Reset(ReadOnlySpan<double> theta0);

    /// <summary>Takes one ascent step along <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Dimension"/>.</exception>
    void Step(ReadOnlySpan<double> gradient);
}

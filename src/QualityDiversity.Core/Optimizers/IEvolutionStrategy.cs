using QualityDiversity.Emitters;
using QualityDiversity.Persistence;

namespace QualityDiversity.Optimizers;

/// <summary>
/// An evolution strategy over real vectors, as used by evolution-strategy emitters (CMA-ME,
/// CMA-MAE): it samples a population around its mean and adapts its search distribution from a
/// ranking of that population. Its random generator is given at construction and is part of
/// its checkpointed state.
/// </summary>
public interface IEvolutionStrategy : ICheckpointable
{
    /// <summary>Dimension n of the search space.</summary>
    int Dimension { get; }

    /// <summary>Population size λ: rows written by <see cref="Ask"/>.</summary>
    int PopulationSize { get; }

    /// <summary>Current global step size σ.</summary>
    double StepSize { get; }

    /// <summary>Current mean of the search distribution.</summary>
    ReadOnlySpan<double> Mean { get; }

    /// <summary>Restarts the strategy at <paramref name="mean"/> with the initial step size and an identity covariance.</summary>
    void Reset(ReadOnlySpan<double> mean);

    /// <summary>
    /// Samples <see cref="PopulationSize"/> solutions, row-major, into <paramref name="solutions"/>.
    /// With <paramref name="bounds"/>, a sample outside the box is redrawn a bounded number of
    /// times and then clipped, so bounded sampling never hangs.
    /// </summary>
    void Ask(Span<double> solutions, SolutionBounds? bounds = null);

    /// <summary>
    /// Updates the distribution from the last asked population: <paramref name="ranking"/> lists
    /// row indices best first; the first <paramref name="parents"/> (μ ≥ 1) are recombined.
    /// </summary>
    void Tell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents);

    /// <summary>
    /// Whether the strategy has converged or degenerated and should be restarted (for example an
    /// ill-conditioned covariance, a vanishing step size, or a flat ranking).
    /// </summary>
    /// <param name="rankingValues">The primary ranking value of each row, best first.</param>
    bool ShouldStop(ReadOnlySpan<double> rankingValues);
}

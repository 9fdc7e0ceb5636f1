using QualityDiversity.Optimizers;

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>The built-in evolution strategies of an <see cref="EvolutionStrategyEmitter"/>.</summary>
public enum EvolutionStrategyKind
{
    /// <summary>CMA-ES with a full covariance matrix (<see cref="CmaEvolutionStrategy"/>; pyribs' <c>cma_es</c>).</summary>
    CmaEs,

    /// <summary>Separable CMA-ES with a diagonal covariance (<see cref="SeparableCmaEvolutionStrategy"/>; pyribs' <c>sep_cma_es</c>), O(n) per sample.</summary>
    SeparableCmaEs,

    /// <summary>
    /// Full-covariance CMA-ES with pyribs 0.8's rank-one update (<see cref="CmaCovarianceUpdate.Pyribs"/>),
    /// for reproducing pyribs' published CMA-ME and CMA-MAE figures.
    /// </summary>
    PyribsCmaEs,
}

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

    /// <summary>LM-MA-ES, limited-memory matrix adaptation (<see cref="LmMaEvolutionStrategy"/>; pyribs' <c>lm_ma_es</c>), O(λ·n) per sample; needs λ ≤ n.</summary>
    LmMaEs,

    /// <summary>OpenAI-ES, a fixed-width Gaussian moved by Adam along a rank-based gradient estimate (<see cref="OpenAiEvolutionStrategy"/>; pyribs' <c>openai_es</c>); needs an even λ.</summary>
    OpenAiEs,
}

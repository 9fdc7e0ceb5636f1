namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>How many of an evolution-strategy emitter's ranked candidates become parents of the next distribution (pyribs' <c>selection_rule</c>).</summary>
public enum SelectionRule
{
    /// <summary>
    /// <c>"filter"</c> (CMA-ME's default): the candidates the archive accepted (status New or
    /// ImprovedExisting) are the parents. With none, the strategy is not updated that iteration.
    /// </summary>
    Filter,

    /// <summary><c>"mu"</c>: the best half, <c>⌊λ/2⌋</c> candidates, are the parents (CMA-MAE's rule).</summary>
    Mu,
}

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>The kinds of <see cref="RestartRule"/>.</summary>
public enum RestartRuleKind
{
    /// <summary>Restart when no candidate of a batch was added to the archive.</summary>
    NoImprovement,

    /// <summary>Restart only when the evolution strategy reports convergence.</summary>
    Basic,

    /// <summary>Restart every <see cref="RestartRule.Interval"/> iterations.</summary>
    Iterations,
}

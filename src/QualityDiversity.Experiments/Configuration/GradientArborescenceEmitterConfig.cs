namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// A gradient-arborescence emitter (CMA-MEGA, CMA-MAEGA): a solution point moved by gradient
/// ascent or Adam, branching along the objective and measure gradients with coefficients from
/// an evolution strategy. Needs a task with gradients; takes no bounds or initial solutions.
/// </summary>
public sealed record GradientArborescenceEmitterConfig : EmitterConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "gradient_arborescence";

    /// <summary>The <c>grad_opt</c> value of plain gradient ascent.</summary>
    public const string GradientAscent = "gradient_ascent";

    /// <summary>The <c>grad_opt</c> value of Adam (pyribs' default).</summary>
    public const string Adam = "adam";

    /// <summary>The accepted <c>grad_opt</c> values.</summary>
    public static IReadOnlyList<string> GradOptNames { get; } = [GradientAscent, Adam];

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Initial step size of the coefficient distribution (also after every restart).</summary>
    public required double Sigma0 { get; init; }

    /// <summary>Learning rate of the gradient optimizer.</summary>
    public required double Lr { get; init; }

    /// <summary>The optimizer of the solution point: <c>gradient_ascent</c> or <c>adam</c>.</summary>
    public string GradOpt { get; init; } = Adam;

    /// <summary>Whether gradients are scaled to unit length.</summary>
    public bool NormalizeGrad { get; init; } = true;

    /// <summary>The evolution strategy over the coefficients: <c>cma_es</c>, <c>sep_cma_es</c>, <c>pyribs_cma_es</c>, <c>lm_ma_es</c> or <c>openai_es</c>.</summary>
    public string Es { get; init; } = EvolutionStrategyEmitterConfig.CmaEs;

    /// <summary>Ranker short name (see <see cref="EvolutionStrategyEmitterConfig.Ranker"/>).</summary>
    public string Ranker { get; init; } = EvolutionStrategyEmitterConfig.DefaultRanker;

    /// <summary>Which candidates update the strategy and the point: <c>filter</c> or <c>mu</c>.</summary>
    public string SelectionRule { get; init; } = EvolutionStrategyEmitterConfig.FilterSelection;

    /// <summary>When the emitter restarts.</summary>
    public RestartRuleConfig RestartRule { get; init; } = RestartRuleConfig.NoImprovement;
}

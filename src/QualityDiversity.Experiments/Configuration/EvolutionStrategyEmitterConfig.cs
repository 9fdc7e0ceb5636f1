namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// An evolution-strategy emitter (CMA-ME, CMA-MAE): a CMA-ES (or separable CMA-ES) whose
/// population is ranked by how the archive received it, restarting from a random elite.
/// </summary>
public sealed record EvolutionStrategyEmitterConfig : EmitterConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "evolution_strategy";

    /// <summary>The <c>es</c> value of full CMA-ES.</summary>
    public const string CmaEs = "cma_es";

    /// <summary>The <c>es</c> value of separable (diagonal) CMA-ES.</summary>
    public const string SepCmaEs = "sep_cma_es";

    /// <summary>The <c>es</c> value of full CMA-ES with pyribs 0.8's covariance update (for reproducing its figures).</summary>
    public const string PyribsCmaEs = "pyribs_cma_es";

    /// <summary>The <c>es</c> value of LM-MA-ES (limited-memory matrix adaptation; needs batch_size ≤ the solution dimension).</summary>
    public const string LmMaEs = "lm_ma_es";

    /// <summary>The <c>es</c> value of OpenAI-ES (fixed-width Gaussian moved by Adam; needs an even batch_size).</summary>
    public const string OpenAiEs = "openai_es";

    /// <summary>The <c>selection_rule</c> that recombines the candidates the archive accepted.</summary>
    public const string FilterSelection = "filter";

    /// <summary>The <c>selection_rule</c> that recombines the best half of the population.</summary>
    public const string MuSelection = "mu";

    /// <summary>Default ranker (pyribs' default): two-stage improvement.</summary>
    public const string DefaultRanker = "2imp";

    /// <summary>The accepted <c>es</c> values.</summary>
    public static IReadOnlyList<string> EsNames { get; } = [CmaEs, SepCmaEs, PyribsCmaEs, LmMaEs, OpenAiEs];

    /// <summary>The accepted <c>selection_rule</c> values.</summary>
    public static IReadOnlyList<string> SelectionRules { get; } = [FilterSelection, MuSelection];

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>The evolution strategy: <c>cma_es</c>, <c>sep_cma_es</c>, <c>pyribs_cma_es</c>, <c>lm_ma_es</c> or <c>openai_es</c>.</summary>
    public string Es { get; init; } = CmaEs;

    /// <summary>Initial step size of the strategy (also after every restart).</summary>
    public required double Sigma0 { get; init; }

    /// <summary>Ranker short name: <c>imp</c>, <c>2imp</c>, <c>rd</c>, <c>2rd</c>, <c>obj</c>, <c>2obj</c>.</summary>
    public string Ranker { get; init; } = DefaultRanker;

    /// <summary>Which candidates the strategy recombines: <c>filter</c> or <c>mu</c>.</summary>
    public string SelectionRule { get; init; } = FilterSelection;

    /// <summary>When the emitter restarts.</summary>
    public RestartRuleConfig RestartRule { get; init; } = RestartRuleConfig.NoImprovement;

    /// <summary>The CMA-ES default population size for dimension <paramref name="dim"/>: 4 + ⌊3 ln n⌋.</summary>
    public static int DefaultPopulationSize(int dim) => 4 + (int)Math.Floor(3 * Math.Log(dim));
}

/// <summary>The <c>restart_rule</c> of an evolution-strategy emitter.</summary>
/// <param name="Name"><c>no_improvement</c>, <c>basic</c>, or <c>every</c> for a fixed period.</param>
/// <param name="Iterations">The period in iterations for <c>every</c> (JSON: the integer itself); 0 otherwise.</param>
public readonly record struct RestartRuleConfig(string Name, int Iterations)
{
    /// <summary>Restart when no candidate of a batch was added to the archive (or the strategy converged).</summary>
    public static RestartRuleConfig NoImprovement => new("no_improvement", 0);

    /// <summary>Restart only when the strategy itself says so (converged or degenerate).</summary>
    public static RestartRuleConfig Basic => new("basic", 0);

    /// <summary>Restart every <paramref name="iterations"/> iterations (and when the strategy says so).</summary>
    public static RestartRuleConfig Every(int iterations) => new(EveryName, iterations);

    /// <summary>The <see cref="Name"/> of a fixed-period rule.</summary>
    public const string EveryName = "every";

    /// <inheritdoc />
    public override string ToString() => Name == EveryName ? Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) : Name;
}

using System.Globalization;

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>
/// When an evolution-strategy emitter restarts, besides the strategy's own stop test (which
/// triggers a restart under every rule) — pyribs' <c>restart_rule</c>.
/// </summary>
public readonly record struct RestartRule
{
    private RestartRule(RestartRuleKind kind, int interval)
    {
        Kind = kind;
        Interval = interval;
    }

    /// <summary>The kind of rule.</summary>
    public RestartRuleKind Kind { get; }

    /// <summary>For <see cref="RestartRuleKind.Iterations"/>, the number of iterations between restarts; otherwise 0.</summary>
    public int Interval { get; }

    /// <summary><c>"no_improvement"</c> (pyribs' default): restart after a batch of which no candidate was added to the archive.</summary>
    public static RestartRule NoImprovement => new(RestartRuleKind.NoImprovement, 0);

    /// <summary><c>"basic"</c>: restart only when the strategy's convergence test says so.</summary>
    public static RestartRule Basic => new(RestartRuleKind.Basic, 0);

    /// <summary>
    /// An integer rule: restart after every tell whose iteration count (tells since the emitter
    /// was created, as in pyribs) is a multiple of <paramref name="iterations"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is not positive.</exception>
    public static RestartRule Every(int iterations) =>
        iterations >= 1 ? new(RestartRuleKind.Iterations, iterations)
            : throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "The restart interval must be a positive number of iterations.");

    /// <summary>Parses pyribs' spelling: <c>"no_improvement"</c>, <c>"basic"</c> or a positive integer.</summary>
    /// <exception cref="ArgumentException">The text is none of these.</exception>
    public static RestartRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (value.Equals("no_improvement", StringComparison.OrdinalIgnoreCase)) return NoImprovement;
        if (value.Equals("basic", StringComparison.OrdinalIgnoreCase)) return Basic;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int iterations) && iterations >= 1)
            return Every(iterations);
        throw new ArgumentException($"Invalid restart rule \"{text}\"; use \"no_improvement\", \"basic\" or a positive number of iterations.", nameof(text));
    }

    /// <summary>Whether the rule itself (not the strategy's stop test) asks for a restart after a tell.</summary>
    /// <param name="iterations">Tells so far, including this one.</param>
    /// <param name="added">Candidates of this batch that the archive accepted.</param>
    public bool ShouldRestart(long iterations, int added) => Kind switch
    {
        RestartRuleKind.NoImprovement => added == 0,
        RestartRuleKind.Iterations => iterations % Interval == 0,
        _ => false,
    };

    /// <summary>pyribs' spelling of the rule.</summary>
    public override string ToString() => Kind switch
    {
        RestartRuleKind.NoImprovement => "no_improvement",
        RestartRuleKind.Basic => "basic",
        _ => Interval.ToString(CultureInfo.InvariantCulture),
    };
}

namespace QualityDiversity.Experiments.Configuration;

/// <summary>The optional <c>scheduler</c> section: how the emitters take turns.</summary>
public abstract record SchedulerConfig
{
    // The kinds are the ones the configuration files know; writing and parsing cover exactly them.
    private protected SchedulerConfig()
    {
    }

    /// <summary>The <c>type</c> value naming this scheduler kind.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// Whether the emitters of an iteration are asked and told concurrently. The results are the
    /// same as sequential calls (every built-in emitter owns its random generator and only reads
    /// the archive); only the speed differs.
    /// </summary>
    public bool ParallelEmitters { get; init; }
}

/// <summary>Every emitter proposes a batch in every iteration (the default).</summary>
public sealed record PlainSchedulerConfig : SchedulerConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "plain";

    /// <summary>The shared instance.</summary>
    public static PlainSchedulerConfig Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => TypeName;
}

/// <summary>
/// A multi-armed bandit picks <see cref="NumActive"/> of the emitters by UCB1 (ME-MAP-Elites,
/// Cully 2021); an emitter is replaced when it restarts (<c>terminated</c>) or every
/// iteration (<c>all</c>).
/// </summary>
public sealed record BanditSchedulerConfig : SchedulerConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "bandit";

    /// <summary>Default UCB1 exploration weight ζ.</summary>
    public const double DefaultZeta = 0.05;

    /// <summary>The <c>reselect</c> value that replaces only emitters that restarted.</summary>
    public const string ReselectTerminated = "terminated";

    /// <summary>The <c>reselect</c> value that reselects every active emitter each iteration.</summary>
    public const string ReselectAll = "all";

    /// <summary>The accepted <c>reselect</c> values.</summary>
    public static IReadOnlyList<string> ReselectValues { get; } = [ReselectTerminated, ReselectAll];

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Emitters active at once; at most the number of emitters (replicas included).</summary>
    public required int NumActive { get; init; }

    /// <summary>UCB1 exploration weight; non-negative.</summary>
    public double Zeta { get; init; } = DefaultZeta;

    /// <summary>When active emitters are reselected: <c>terminated</c> or <c>all</c>.</summary>
    public string Reselect { get; init; } = ReselectTerminated;
}

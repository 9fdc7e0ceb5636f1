namespace QualityDiversity.Experiments.Configuration;

/// <summary>Command-line values that replace configuration values.</summary>
/// <param name="Seed">Replaces <c>seed</c> when set.</param>
/// <param name="Iterations">Replaces <c>iterations</c> when set.</param>
internal sealed record ConfigOverrides(long? Seed, int? Iterations)
{
    /// <summary>No overrides.</summary>
    public static ConfigOverrides None { get; } = new(null, null);

    /// <summary>The configuration with the overrides applied.</summary>
    /// <exception cref="ConfigException">An override is out of range.</exception>
    public SearchConfig ApplyTo(SearchConfig config) => (SearchConfig)ApplyTo((ExperimentConfig)config);

    /// <summary>A configuration of either kind with the overrides applied (a text search's length is its steps).</summary>
    /// <exception cref="ConfigException">An override is out of range.</exception>
    public ExperimentConfig ApplyTo(ExperimentConfig config)
    {
        if (Iterations is < 1) throw new ConfigException("--iterations", $"must be at least 1, got {Iterations}.");
        var seeded = config with { Seed = Seed ?? config.Seed };
        return Iterations is { } n ? seeded.WithLength(n) : seeded;
    }
}

namespace QualityDiversity.Experiments.Text;

/// <summary>What <see cref="TextComparison.RunAsync"/> compares and where it writes.</summary>
public sealed record TextComparisonOptions
{
    /// <summary>The variations compared when none are given: QDAIF's near-elite selection and three baselines.</summary>
    public static IReadOnlyList<string> DefaultVariations { get; } = ["near", "quality_only", "random_search", "fixed_few_shot"];

    /// <summary>Variations to compare (see <see cref="TextRunConfig.Variation"/>); null for <see cref="DefaultVariations"/>.</summary>
    public IReadOnlyList<string>? Variations { get; init; }

    /// <summary>Trials per variation; trial t runs with the configuration's seed + t.</summary>
    public int Trials { get; init; } = 5;

    /// <summary>The comparison's directory; null for <c>compare/NAME</c>. Finished trials there are reused, interrupted ones resumed.</summary>
    public string? Output { get; init; }

    /// <summary>Trials run at once (raise it for language-model runs, which wait on I/O).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Whether the comparison figure is also written as SVG.</summary>
    public bool Svg { get; init; }
}

namespace QualityDiversity.Text.Selection;

/// <summary>The few-shot selectors by the names configurations use.</summary>
public static class FewShotSelectors
{
    /// <summary>Names <see cref="ByName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["near", "uniform", "replace", "fixed_few_shot", "shuffled_few_shot", "random_search", "quality_only"];

    /// <summary>
    /// A fresh selector: LMX-Near, uniform elites, LMX-Replace over this project's pool, the seeds
    /// in fixed or shuffled order, or the random-search and quality-only history pools.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static IFewShotSelector ByName(string name) => name switch
    {
        "near" => new NearEliteSelector(),
        "uniform" => new UniformEliteSelector(),
        "replace" => new ReplaceSelector(),
        "fixed_few_shot" => new SeedSelector(shuffle: false),
        "shuffled_few_shot" => new SeedSelector(shuffle: true),
        "random_search" => HistoryPoolSelector.RandomSearch(),
        "quality_only" => HistoryPoolSelector.QualityOnly(),
        _ => throw new ArgumentException($"Unknown few-shot selection '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };
}

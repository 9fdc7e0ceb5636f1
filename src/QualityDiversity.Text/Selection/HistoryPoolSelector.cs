using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// Baseline pools over every evaluated text: Random-Search (every completion joins the pool and
/// examples are drawn uniformly from it) and LMX Quality-Only (examples drawn from the
/// <see cref="PoolSize"/> fittest texts so far, ignoring measures). Seeds start the pool.
/// </summary>
public sealed class HistoryPoolSelector : IFewShotSelector
{
    private HistoryPoolSelector(int poolSize, int examples)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        PoolSize = poolSize;
        Examples = examples;
    }

    /// <summary>Examples drawn uniformly from every evaluated text (Random-Search).</summary>
    public static HistoryPoolSelector RandomSearch(int examples = 3) => new(0, examples);

    /// <summary>Examples drawn from the <paramref name="poolSize"/> fittest texts (Quality-Only).</summary>
    public static HistoryPoolSelector QualityOnly(int poolSize = 100, int examples = 3)
    {
        if (poolSize < 1) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "The quality pool needs at least one text.");
        return new HistoryPoolSelector(poolSize, examples);
    }

    /// <summary>Size of the quality pool; 0 for the unbounded random-search pool.</summary>
    public int PoolSize { get; }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <inheritdoc />
    public string Name => PoolSize == 0 ? "random_pool" : "quality_pool";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        var entries = context.History.Entries;
        IReadOnlyList<Genomes.TextGenome> pool;
        if (entries.Count == 0)
            pool = context.Seeds;
        else if (PoolSize == 0)
            pool = entries.Select(e => e.Genome).ToArray();
        else
            // Stable order: by quality descending, earlier text first on ties.
            pool = entries.Select((e, i) => (e, i)).OrderByDescending(t => t.e.Quality).ThenBy(t => t.i)
                .Take(PoolSize).Select(t => t.e.Genome).ToArray();
        if (pool.Count == 0) throw new InvalidOperationException($"The {Name} pool is empty: no seeds and no evaluated texts yet.");
        var picks = WeightedDraw.Uniform(pool.Count, Examples, context.Random);
        var examples = picks.Select(i => pool[i]).ToArray();
        return new FewShotSelection(examples, examples[0]);
    }
}

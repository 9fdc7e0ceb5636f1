using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// QDAIF's initialisation prompts: the examples are drawn uniformly without replacement from a
/// prompt pool (the seeds, or texts generated zero-shot), so warm-up prompts are few-shot; an
/// empty pool gives a zero-shot prompt. The drawn list becomes the child's lineage, so an
/// LMX-Replace child of an initial text inherits it, as in the reference.
/// </summary>
public sealed class PoolSampleSelector : IFewShotSelector
{
    private readonly IPromptPool _pool;
    private readonly FewShotLineages? _lineages;

    /// <summary>Creates the selector.</summary>
    /// <param name="pool">The pool drawn from.</param>
    /// <param name="examples">Examples per prompt (at most the pool's size).</param>
    /// <param name="lineages">Where the drawn lists are recorded (null: not recorded).</param>
    public PoolSampleSelector(IPromptPool pool, int examples = 3, FewShotLineages? lineages = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        _pool = pool;
        _lineages = lineages;
        Examples = examples;
    }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <inheritdoc />
    public string Name => "pool";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pool = _pool.Current(context);
        if (pool.Count == 0) return new FewShotSelection([], null);
        var examples = WeightedDraw.Uniform(pool.Count, Examples, context.Random).Select(i => pool[i]).ToArray();
        _lineages?.Set(context.ChildId, examples);
        return new FewShotSelection(examples, null);
    }
}

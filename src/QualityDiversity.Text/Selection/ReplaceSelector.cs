using QualityDiversity.Persistence;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// QDAIF's LMX-Replace: every text carries the few-shot list it was generated from. A child
/// takes its parent elite's list (the parent drawn uniformly) and swaps one entry for a random
/// member of the prompt pool (<see cref="IPromptPool"/>: this project's seeds plus the best texts
/// of every cell, or QDAIF's reference first-in-first-out pool). A parent without a list starts
/// its lineage with examples drawn from the pool. Lists are part of the search state and are
/// checkpointed with this selector.
/// </summary>
public sealed class ReplaceSelector : IFewShotSelector, ICheckpointable
{
    private readonly IPromptPool _pool;

    /// <summary>Creates the selector with this project's pool: the seeds plus the best <paramref name="topPerCell"/> texts of every cell, capped at <paramref name="poolCap"/>.</summary>
    public ReplaceSelector(int examples = 3, int topPerCell = 3, int poolCap = 100)
        : this(new ElitePromptPool(topPerCell, poolCap), examples)
    {
        if (poolCap < examples) throw new ArgumentOutOfRangeException(nameof(poolCap), poolCap, "The prompt pool cap must be at least the number of examples.");
    }

    /// <summary>Creates the selector over <paramref name="pool"/>, recording lists in <paramref name="lineages"/> (a new store when null).</summary>
    public ReplaceSelector(IPromptPool pool, int examples = 3, FewShotLineages? lineages = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        _pool = pool;
        Examples = examples;
        Lineages = lineages ?? new FewShotLineages();
    }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <summary>The pool entries are swapped in from.</summary>
    public IPromptPool Pool => _pool;

    /// <summary>The few-shot list of every text generated so far.</summary>
    public FewShotLineages Lineages { get; }

    /// <inheritdoc />
    public string Name => "replace";

    /// <summary>Number of lineages whose lists are kept.</summary>
    public int LineageCount => Lineages.Count;

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var archive = context.Archive;
        if (archive.IsEmpty) throw new InvalidOperationException("Replace selection needs at least one elite; the archive is empty.");
        var pool = _pool.Current(context);
        if (pool.Count == 0) throw new InvalidOperationException("Replace selection needs a prompt pool; it is empty (no seeds, prompt examples or elites).");
        var slots = archive.Store.OccupiedSlots;
        var parent = ArchiveElites.At(archive, slots[context.Random.NextInt(slots.Length)]);

        TextGenome[] list;
        if (Lineages.TryGet(parent.Id, out var inherited) && inherited.Length > 0)
        {
            list = (TextGenome[])inherited.Clone();
            list[context.Random.NextInt(list.Length)] = pool[context.Random.NextInt(pool.Count)];
        }
        else
        {
            // A parent without a list (a seed or an initial text) starts its lineage from the pool.
            list = WeightedDraw.Uniform(pool.Count, Examples, context.Random).Select(i => pool[i]).ToArray();
        }
        Lineages.Set(context.ChildId, list);
        return new FewShotSelection(list, parent);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer) => Lineages.WriteState(writer);

    /// <inheritdoc />
    public void ReadState(BinaryReader reader) => Lineages.ReadState(reader);
}

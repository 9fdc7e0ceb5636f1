using QualityDiversity.Persistence;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// QDAIF's LMX-Replace: every text carries the few-shot list it was generated from. A child
/// takes its parent elite's list and swaps one entry for a random member of the prompt pool
/// (the seeds plus the best <see cref="TopPerCell"/> texts of every cell, capped at
/// <see cref="PoolCap"/>). Lists are part of the search state and are checkpointed.
/// </summary>
public sealed class ReplaceSelector : IFewShotSelector, ICheckpointable
{
    private readonly Dictionary<long, TextGenome[]> _lists = [];

    /// <summary>Creates the selector.</summary>
    public ReplaceSelector(int examples = 3, int topPerCell = 3, int poolCap = 100)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        if (topPerCell < 1) throw new ArgumentOutOfRangeException(nameof(topPerCell), topPerCell, "The prompt pool needs at least the best text of each cell.");
        if (poolCap < examples) throw new ArgumentOutOfRangeException(nameof(poolCap), poolCap, "The prompt pool cap must be at least the number of examples.");
        Examples = examples;
        TopPerCell = topPerCell;
        PoolCap = poolCap;
    }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <summary>Texts per cell that join the prompt pool.</summary>
    public int TopPerCell { get; }

    /// <summary>Largest prompt pool.</summary>
    public int PoolCap { get; }

    /// <inheritdoc />
    public string Name => "replace";

    /// <summary>Number of lineages whose lists are kept.</summary>
    public int LineageCount => _lists.Count;

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        var archive = context.Archive;
        if (archive.IsEmpty) throw new InvalidOperationException("Replace selection needs at least one elite; the archive is empty.");
        var pool = PromptPool(context);
        var slots = archive.Store.OccupiedSlots;
        var parent = ArchiveElites.At(archive, slots[context.Random.NextInt(slots.Length)]);

        TextGenome[] list;
        if (_lists.TryGetValue(parent.Id, out var inherited))
        {
            list = (TextGenome[])inherited.Clone();
            list[context.Random.NextInt(list.Length)] = pool[context.Random.NextInt(pool.Count)];
        }
        else
        {
            // A parent without a list (a seed or an initial text) starts its lineage from the pool.
            list = WeightedDraw.Uniform(pool.Count, Examples, context.Random).Select(i => pool[i]).ToArray();
        }
        _lists[context.ChildId] = list;
        return new FewShotSelection(list, parent);
    }

    private List<TextGenome> PromptPool(TextVariationContext context)
    {
        var pool = new List<TextGenome>(context.Seeds);
        foreach (var text in ArchiveElites.BestPerCell(context.Archive, TopPerCell))
        {
            if (pool.Count >= PoolCap) break;
            pool.Add(text);
        }
        if (pool.Count > PoolCap) pool.RemoveRange(PoolCap, pool.Count - PoolCap);
        return pool;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_lists.Count);
        foreach (var (id, list) in _lists.OrderBy(kv => kv.Key))
        {
            writer.Write(id);
            writer.Write(list.Length);
            foreach (var g in list) TextGenomeCodec.Instance.Write(writer, g);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        _lists.Clear();
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"The replace selector's state claims {count} lineages.");
        for (int i = 0; i < count; i++)
        {
            long id = reader.ReadInt64();
            int length = reader.ReadInt32();
            if (length < 0 || length > 1 << 16) throw new InvalidDataException($"Lineage {id} claims a few-shot list of {length} texts.");
            var list = new TextGenome[length];
            for (int k = 0; k < length; k++) list[k] = TextGenomeCodec.Instance.Read(reader) ?? throw new InvalidDataException($"Lineage {id} has an empty entry.");
            _lists[id] = list;
        }
    }
}

using QualityDiversity.Persistence;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// The few-shot list each text was generated from, by text id: what LMX-Replace children inherit
/// and change one entry of. Shared by the selectors that write lists (initialisation from a
/// pool, replace) and checkpointed by the one that owns it.
/// </summary>
public sealed class FewShotLineages : ICheckpointable
{
    private readonly Dictionary<long, TextGenome[]> _lists = [];

    /// <summary>Number of texts with a list.</summary>
    public int Count => _lists.Count;

    /// <summary>The list text <paramref name="id"/> was generated from, if it is known.</summary>
    public bool TryGet(long id, out TextGenome[] list) => _lists.TryGetValue(id, out list!);

    /// <summary>Records the list text <paramref name="id"/> is generated from (a copy is kept).</summary>
    public void Set(long id, IReadOnlyList<TextGenome> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        _lists[id] = list.ToArray();
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
        if (count < 0) throw new InvalidDataException($"The few-shot lineages claim {count} lists.");
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

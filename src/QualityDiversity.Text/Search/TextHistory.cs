using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>
/// Every successfully evaluated text of a run with its quality and measures, in evaluation
/// order. Baselines draw few-shot examples from it (random search, quality-only pools).
/// </summary>
public sealed class TextHistory
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<long, int> _byId = [];
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    /// <summary>One evaluated text.</summary>
    public readonly record struct Entry(TextGenome Genome, double Quality, double[] Measures);

    /// <summary>Number of texts.</summary>
    public int Count => _entries.Count;

    /// <summary>The texts in evaluation order.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>The text with id <paramref name="id"/>, if it was evaluated successfully.</summary>
    public bool TryGet(long id, out Entry entry)
    {
        if (_byId.TryGetValue(id, out int index)) { entry = _entries[index]; return true; }
        entry = default;
        return false;
    }

    /// <summary>Whether a text with exactly this content has been evaluated.</summary>
    public bool ContainsText(string text) => _texts.Contains(text);

    /// <summary>Appends a successfully evaluated text.</summary>
    /// <exception cref="ArgumentException">A text with the same id is already present.</exception>
    public void Add(TextGenome genome, double quality, double[] measures)
    {
        ArgumentNullException.ThrowIfNull(genome);
        if (!_byId.TryAdd(genome.Id, _entries.Count))
            throw new ArgumentException($"Text {genome.Id} is already in the history.", nameof(genome));
        _entries.Add(new Entry(genome, quality, measures.ToArray()));
        _texts.Add(genome.Text);
    }

    /// <summary>Writes the history.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_entries.Count);
        foreach (var e in _entries)
        {
            TextGenomeCodec.Instance.Write(writer, e.Genome);
            writer.Write(e.Quality);
            writer.Write(e.Measures.Length);
            foreach (var m in e.Measures) writer.Write(m);
        }
    }

    /// <summary>Replaces the history with one written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _entries.Clear();
        _byId.Clear();
        _texts.Clear();
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"The text history in the checkpoint claims {count} entries.");
        for (int i = 0; i < count; i++)
        {
            var genome = TextGenomeCodec.Instance.Read(reader) ?? throw new InvalidDataException($"History entry {i} has no text.");
            double quality = reader.ReadDouble();
            int dim = reader.ReadInt32();
            if (dim < 0 || dim > 1 << 16) throw new InvalidDataException($"History entry {i} claims {dim} measures.");
            var measures = new double[dim];
            for (int d = 0; d < dim; d++) measures[d] = reader.ReadDouble();
            Add(genome, quality, measures);
        }
    }
}

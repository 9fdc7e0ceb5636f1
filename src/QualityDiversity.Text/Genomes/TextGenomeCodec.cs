using QualityDiversity.Persistence;

namespace QualityDiversity.Text.Genomes;

/// <summary>Writes <see cref="TextGenome"/> solution elements (empty slots hold null) to checkpoints.</summary>
public sealed class TextGenomeCodec : ISolutionCodec<TextGenome>
{
    /// <summary>The shared instance.</summary>
    public static TextGenomeCodec Instance { get; } = new();

    /// <inheritdoc />
    public void Write(BinaryWriter writer, TextGenome value)
    {
        writer.Write(value is not null);
        if (value is null) return;
        writer.Write(value.Id);
        writer.Write(value.Text);
        writer.Write(value.Operator);
        writer.Write(value.Step);
        writer.Write(value.ParentIds.Count);
        foreach (var p in value.ParentIds) writer.Write(p);
    }

    /// <inheritdoc />
    public TextGenome Read(BinaryReader reader)
    {
        if (!reader.ReadBoolean()) return null!; // an empty slot
        long id = reader.ReadInt64();
        string text = reader.ReadString();
        string op = reader.ReadString();
        int step = reader.ReadInt32();
        int parents = reader.ReadInt32();
        if (parents < 0 || parents > 1 << 20) throw new InvalidDataException($"A text genome in the checkpoint claims {parents} parents.");
        var ids = new long[parents];
        for (int i = 0; i < parents; i++) ids[i] = reader.ReadInt64();
        return new TextGenome(id, text, ids, op, step);
    }
}

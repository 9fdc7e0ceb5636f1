namespace QualityDiversity.Persistence;

/// <summary>One named part of a checkpoint file and the code that writes its state.</summary>
/// <param name="Name">The section's name: 1 to <see cref="CheckpointFile.MaxNameLength"/> printable ASCII characters, unique in the file.</param>
/// <param name="Write">Writes the section's state.</param>
public readonly record struct CheckpointSection(string Name, Action<BinaryWriter> Write);

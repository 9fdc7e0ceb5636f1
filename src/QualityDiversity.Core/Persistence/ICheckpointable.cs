namespace QualityDiversity.Persistence;

/// <summary>
/// A component whose complete mutable state can be written to and restored from a checkpoint,
/// so that a resumed run continues exactly where the interrupted one stopped.
/// </summary>
public interface ICheckpointable
{
    /// <summary>Writes the component's state.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>
    /// Restores a state written by <see cref="WriteState"/> into a component constructed with
    /// the same configuration.
    /// </summary>
    /// <exception cref="InvalidDataException">The data does not match this component's configuration.</exception>
    void ReadState(BinaryReader reader);
}

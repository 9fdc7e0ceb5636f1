using System.Text;

namespace QualityDiversity.Persistence;

/// <summary>
/// A verified checkpoint file open for reading (see <see cref="CheckpointFile.Open"/>). Each
/// section is read through a window of exactly its length; a reader that needs more, or leaves
/// some unread, was given a checkpoint of a differently configured search, and is refused.
/// </summary>
public sealed class CheckpointContents : IDisposable
{
    private readonly FileStream _stream;
    private readonly List<Section> _sections;

    internal CheckpointContents(string path, FileStream stream, List<Section> sections, bool unframed = false)
    {
        Path = path;
        _stream = stream;
        _sections = sections;
        IsUnframed = unframed;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether the file is the bare state of one search in the layout from before the verified
    /// container (<see cref="CheckpointFile.OpenUnframed"/>): it has no checksum, so only the
    /// reader's own checks stand between a damaged file and a restored state.
    /// </summary>
    public bool IsUnframed { get; }

    /// <summary>The names of the sections, in file order.</summary>
    public IReadOnlyList<string> SectionNames => _sections.ConvertAll(s => s.Name);

    /// <summary>Whether the file holds section <paramref name="name"/>.</summary>
    public bool Contains(string name) => _sections.Exists(s => s.Name == name);

    /// <summary>Restores section <paramref name="name"/> with <paramref name="read"/>, which must consume it exactly.</summary>
    /// <exception cref="InvalidDataException">The section is missing or does not fit <paramref name="read"/>; the message names the file and section.</exception>
    public void Read(string name, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        string file = System.IO.Path.GetFileName(Path);
        var section = _sections.Find(s => s.Name == name);
        if (section.Name is null)
            throw new InvalidDataException($"{file} holds no '{name}' state (it has {string.Join(", ", SectionNames)}); it was written by another kind of search.");
        var window = new BoundedReadStream(_stream, section.Offset, section.Length);
        using var reader = new BinaryReader(window, Encoding.UTF8, leaveOpen: true);
        try
        {
            read(reader);
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{file}: the '{name}' state ends before this search's state is complete; it was written by a search configured differently.", e);
        }
        // The checksum held, so anything else a reader throws comes from a state that does not fit
        // this search (or a file made by hand): refuse it as such instead of failing obscurely.
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException or OutOfMemoryException
            or FormatException or InvalidOperationException or NotSupportedException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{file}: the '{name}' state does not fit this search ({e.Message}).", e);
        }
        if (window.Position != window.Length)
            throw new InvalidDataException($"{file}: the '{name}' state holds {window.Length - window.Position} bytes more than this search reads; it was written by a search configured differently.");
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    internal readonly record struct Section(string Name, long Offset, long Length);
}

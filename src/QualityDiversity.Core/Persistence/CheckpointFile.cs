using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace QualityDiversity.Persistence;

/// <summary>
/// The one file format every search checkpoints in: a header (magic, format version, section
/// count), named sections each preceded by its length, and an XxHash3 checksum over everything
/// before it. A file is written atomically and the previous checkpoint is kept as
/// <see cref="PreviousPath"/> until the new one is on disk, so a damaged or half-replaced newest
/// checkpoint leaves an intact one to resume from. Reading verifies the checksum and every length
/// against the file's size before any state is restored: a damaged file is refused as a whole,
/// never half-loaded.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The container format this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The longest section name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most sections a file may hold.</summary>
    public const int MaxSections = 64;

    internal static ReadOnlySpan<byte> Magic => "QDCKPT\r\n"u8;

    // magic, version, section count
    internal const int HeaderLength = 8 + 4 + 4;
    internal const int TrailerLength = 8;

    /// <summary>Where the checkpoint before the newest one is kept: <c>PATH.prev</c>.</summary>
    public static string PreviousPath(string path) => path + ".prev";

    /// <summary>
    /// Writes <paramref name="sections"/> to <paramref name="path"/> atomically; the checkpoint
    /// that was there becomes <see cref="PreviousPath"/> once the new one is durable.
    /// </summary>
    /// <exception cref="ArgumentException">A section name is empty, too long, not printable ASCII or repeated.</exception>
    public static void Write(string path, IReadOnlyList<CheckpointSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count is < 1 or > MaxSections)
            throw new ArgumentException($"A checkpoint holds 1 to {MaxSections} sections, not {sections.Count}.", nameof(sections));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            CheckName(section.Name);
            if (!names.Add(section.Name)) throw new ArgumentException($"Section '{section.Name}' appears twice.", nameof(sections));
            ArgumentNullException.ThrowIfNull(section.Write, nameof(sections));
        }

        // Each section is serialised first, so its length precedes it and the file is written in one pass.
        using var buffer = new MemoryStream();
        AtomicFile.Write(path, stream =>
        {
            var hash = new XxHash3();
            Span<byte> scratch = stackalloc byte[HeaderLength];
            Magic.CopyTo(scratch);
            BinaryPrimitives.WriteInt32LittleEndian(scratch[8..], FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(scratch[12..], sections.Count);
            Emit(stream, hash, scratch);
            Span<byte> name = stackalloc byte[1 + MaxNameLength + 8];
            foreach (var section in sections)
            {
                buffer.SetLength(0);
                using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) section.Write(writer);
                name[0] = (byte)section.Name.Length;
                Encoding.ASCII.GetBytes(section.Name, name[1..]);
                BinaryPrimitives.WriteInt64LittleEndian(name[(1 + section.Name.Length)..], buffer.Length);
                Emit(stream, hash, name[..(1 + section.Name.Length + 8)]);
                Emit(stream, hash, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            Span<byte> trailer = stackalloc byte[TrailerLength];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, hash.GetCurrentHashAsUInt64());
            stream.Write(trailer);
        }, PreviousPath(path));
    }

    /// <summary>Writes a checkpoint of one section.</summary>
    public static void Write(string path, string section, Action<BinaryWriter> write) => Write(path, [new CheckpointSection(section, write)]);

    /// <summary>
    /// Opens the checkpoint at <paramref name="path"/> after verifying its header, checksum and
    /// section lengths; its sections are then read with <see cref="CheckpointContents.Read"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this format, or is damaged; the message says how.</exception>
    public static CheckpointContents Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var sections = Verify(stream, path);
            return new CheckpointContents(path, stream, sections);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a file that holds the bare state of one search, as checkpoints were written before
    /// this container existed: no header, no lengths, no checksum. It is presented as contents with
    /// the one section <paramref name="section"/> spanning the whole file, so the search reads it
    /// with its usual reader, which must consume it exactly. Nothing else can be verified about
    /// such a file; <see cref="CheckpointContents.IsUnframed"/> tells the caller so.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file.</exception>
    /// <exception cref="InvalidDataException">The file is empty, or it has this container's header (open it with <see cref="Open"/>).</exception>
    public static CheckpointContents OpenUnframed(string path, string section)
    {
        CheckName(section);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            string name = System.IO.Path.GetFileName(path);
            if (stream.Length == 0) throw new InvalidDataException($"{name} is empty; it is not a checkpoint.");
            if (HasHeader(stream)) throw new InvalidDataException($"{name} has a checkpoint header; it is not a checkpoint of an earlier layout.");
            stream.Position = 0;
            return new CheckpointContents(path, stream, [new CheckpointContents.Section(section, 0, stream.Length)], unframed: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file at <paramref name="path"/> begins with this container's header (intact or not).</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static bool HasHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64);
        return HasHeader(stream);
    }

    private static bool HasHeader(Stream stream)
    {
        Span<byte> start = stackalloc byte[8];
        int n = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return n == start.Length && start.SequenceEqual(Magic);
    }

    /// <summary>Null when the file at <paramref name="path"/> is an intact checkpoint; otherwise what is wrong with it.</summary>
    public static string? Check(string path)
    {
        try
        {
            using var contents = Open(path);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Opens one section of the checkpoint at <paramref name="path"/> and restores it with <paramref name="read"/>.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, lacks the section, or its state does not fit <paramref name="read"/>.</exception>
    public static void Read(string path, string section, Action<BinaryReader> read)
    {
        using var contents = Open(path);
        contents.Read(section, read);
    }

    private static void Emit(Stream stream, XxHash3 hash, ReadOnlySpan<byte> bytes)
    {
        hash.Append(bytes);
        stream.Write(bytes);
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(c => c is < '!' or > '~'))
            throw new ArgumentException($"Section name '{name}' must be 1 to {MaxNameLength} printable ASCII characters without spaces.", nameof(name));
    }

    // Checks everything about the file that does not depend on who reads it, before anything of it is used.
    private static List<CheckpointContents.Section> Verify(FileStream stream, string path)
    {
        string name = Path.GetFileName(path);
        long length = stream.Length;
        if (length < HeaderLength + TrailerLength)
            throw new InvalidDataException($"{name} is empty or truncated ({length} bytes); it is not a complete checkpoint.");
        Span<byte> header = stackalloc byte[HeaderLength];
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{name} has no checkpoint header: it is not a checkpoint of this format (one in the unframed layout of earlier releases opens with {nameof(OpenUnframed)}).");

        // The checksum first: a damaged file is refused before any of its lengths is believed.
        var hash = new XxHash3();
        hash.Append(header);
        byte[] chunk = new byte[1 << 16];
        long left = length - HeaderLength - TrailerLength;
        while (left > 0)
        {
            int n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
            if (n == 0) throw new InvalidDataException($"{name} ended while it was read; it is truncated.");
            hash.Append(chunk.AsSpan(0, n));
            left -= n;
        }
        Span<byte> trailer = stackalloc byte[TrailerLength];
        stream.ReadExactly(trailer);
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != hash.GetCurrentHashAsUInt64())
            throw new InvalidDataException($"{name} is damaged: its checksum does not match its contents (the file was changed, cut short or corrupted on disk).");

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"{name} has checkpoint format {version}; this build reads format {FormatVersion}.");
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (count is < 1 or > MaxSections)
            throw new InvalidDataException($"{name} declares {count} sections; a checkpoint has 1 to {MaxSections}.");

        var sections = new List<CheckpointContents.Section>(count);
        long end = length - TrailerLength;
        long position = HeaderLength;
        stream.Position = position;
        Span<byte> nameBytes = stackalloc byte[MaxNameLength];
        Span<byte> lengthBytes = stackalloc byte[8];
        for (int i = 0; i < count; i++)
        {
            if (end - position < 1 + 8) throw Truncated(name, i);
            int nameLength = stream.ReadByte();
            if (nameLength is < 1 or > MaxNameLength || end - position < 1 + nameLength + 8) throw Truncated(name, i);
            stream.ReadExactly(nameBytes[..nameLength]);
            string sectionName = Encoding.ASCII.GetString(nameBytes[..nameLength]);
            stream.ReadExactly(lengthBytes);
            long sectionLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
            position += 1 + nameLength + 8;
            if (sectionLength < 0 || sectionLength > end - position) throw Truncated(name, i);
            if (sections.Any(s => s.Name == sectionName)) throw new InvalidDataException($"{name} holds section '{sectionName}' twice.");
            sections.Add(new CheckpointContents.Section(sectionName, position, sectionLength));
            position += sectionLength;
            stream.Position = position;
        }
        if (position != end) throw new InvalidDataException($"{name} holds {end - position} bytes after its last section; it is damaged.");
        return sections;
    }

    private static InvalidDataException Truncated(string name, int section) =>
        new($"{name} is damaged: section {section + 1} runs past the end of the file.");
}

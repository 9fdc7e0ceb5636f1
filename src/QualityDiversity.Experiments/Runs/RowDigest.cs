using System.Security.Cryptography;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// A SHA-256 digest of the rows a run appends to a file step by step (metrics.csv, a text run's
/// dataset.jsonl), kept in every checkpoint: a file whose rows were edited in place, or which
/// comes from another run of the same length, still has the row count and numbering the
/// checkpoint expects, and only the rows' bytes tell. A row counts as its line without the line
/// break (and a trailing carriage return); blank lines are passed over, as the files' readers
/// do, and in metrics.csv so is every line that does not begin with an iteration (step) number:
/// the header, and lines the resume's clean-up drops. The digest is fed as the file grows, so a
/// checkpoint costs the new rows only.
/// </summary>
internal sealed class RowDigest : IDisposable
{
    /// <summary>The checkpoint section of the metrics.csv digest.</summary>
    public const string MetricsSection = "metrics-digest";

    /// <summary>The checkpoint section of a text run's dataset.jsonl digest.</summary>
    public const string DatasetSection = "dataset-digest";

    private readonly string _section;
    private readonly bool _numbered;

    /// <summary>A digest kept in the checkpoint section <paramref name="section"/> (<see cref="MetricsSection"/> or <see cref="DatasetSection"/>).</summary>
    public RowDigest(string section)
    {
        _section = section;
        _numbered = Numbered(section);
    }

    // Whether only lines that begin with a number are rows.
    private static bool Numbered(string section) => section == MetricsSection;

    private const int Format = 1;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // Bytes of the file fed so far: always the end of a complete line.
    private long _offset;

    /// <summary>Rows fed so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Feeds the complete rows that <paramref name="path"/> gained since the last call; a missing file has none.</summary>
    public void CatchUp(string path)
    {
        if (!File.Exists(path)) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        stream.Seek(_offset, SeekOrigin.Begin);
        _offset += Feed(stream, _hash, long.MaxValue, _numbered, out long rows);
        Rows += rows;
    }

    /// <summary>Feeds the rows <paramref name="path"/> gained since the last call and gives the section recording them all.</summary>
    public CheckpointSection Section(string path)
    {
        CatchUp(path);
        long rows = Rows;
        byte[] digest = _hash.GetCurrentHash();
        return new CheckpointSection(_section, writer =>
        {
            writer.Write(Format);
            writer.Write(rows);
            writer.Write(digest.Length);
            writer.Write(digest);
        });
    }

    /// <summary>The rows and digest that <paramref name="contents"/> recorded in <paramref name="section"/>, or null when it has no such section (an earlier release's).</summary>
    /// <exception cref="InvalidDataException">The section is not in a format this release reads.</exception>
    public static Recorded? Read(CheckpointContents contents, string section)
    {
        if (!contents.Contains(section)) return null;
        Recorded? recorded = null;
        contents.Read(section, reader =>
        {
            int format = reader.ReadInt32();
            if (format != Format) throw new InvalidDataException($"The checkpoint's {section} section has format {format}; this release reads format {Format}.");
            long rows = reader.ReadInt64();
            int length = reader.ReadInt32();
            if (rows < 0 || length != SHA256.HashSizeInBytes)
                throw new InvalidDataException($"The checkpoint's {section} section records {rows} rows with a digest of {length} bytes.");
            recorded = new Recorded(section, rows, reader.ReadBytes(length));
        });
        return recorded;
    }

    /// <summary>
    /// Null when the first rows of <paramref name="path"/> are those <paramref name="recorded"/>
    /// describes (or nothing was recorded); otherwise what is wrong, in words.
    /// </summary>
    public static string? Problem(string path, Recorded? recorded)
    {
        if (recorded is not { } r) return null;
        var actual = Of(path, r.Rows, Numbered(r.Section));
        if (actual is null) return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"it has fewer than the {r.Rows} rows the checkpoint recorded");
        return actual.AsSpan().SequenceEqual(r.Digest)
            ? null
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its first {r.Rows} rows differ from the ones the checkpoint recorded: a value was edited, or the rows come from another run");
    }

    /// <summary>Rows a checkpoint recorded and their digest.</summary>
    public readonly record struct Recorded(string Section, long Rows, byte[] Digest);

    /// <summary>The digest of the first <paramref name="rows"/> rows of <paramref name="path"/>, or null when it has fewer complete rows.</summary>
    private static byte[]? Of(string path, long rows, bool numbered)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        Feed(stream, hash, rows, numbered, out long fed);
        return fed == rows ? hash.GetHashAndReset() : null;
    }

    // Hashes complete rows from the stream's position, at most `limit` of them; returns the bytes consumed (to the end of the last complete line read).
    private static long Feed(Stream stream, IncrementalHash hash, long limit, bool numbered, out long rows)
    {
        rows = 0;
        long consumed = 0;
        var buffer = new byte[1 << 16];
        var line = new List<byte[]>();
        int lineLength = 0;
        int read;
        while (rows < limit && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            while (start < read && rows < limit)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                if (newline < 0)
                {
                    line.Add(buffer[start..read]);
                    lineLength += read - start;
                    break;
                }
                line.Add(buffer[start..newline]);
                lineLength += newline - start;
                consumed += lineLength + 1;
                if (HashRow(hash, line, lineLength, numbered)) rows++;
                line.Clear();
                lineLength = 0;
                start = newline + 1;
            }
        }
        return consumed;
    }

    // A row is fed with a line break after it, so that rows cannot run into each other; a blank line is not a row.
    private static bool HashRow(IncrementalHash hash, List<byte[]> pieces, int length, bool numbered)
    {
        byte[] row = pieces.Count == 1 ? pieces[0] : pieces.SelectMany(p => p).ToArray();
        ReadOnlySpan<byte> span = row.AsSpan(0, length);
        if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        if (span.IndexOfAnyExcept(" \t\r"u8) < 0) return false;
        if (numbered)
        {
            int comma = span.IndexOf((byte)',');
            if (!int.TryParse(comma < 0 ? span : span[..comma], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) return false;
        }
        hash.AppendData(span);
        hash.AppendData("\n"u8);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}

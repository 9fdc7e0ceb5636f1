using System.Security.Cryptography;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// A SHA-256 digest of a text run's dataset.jsonl rows, kept in every checkpoint: the row count
/// and ids of a dataset whose texts were edited in place still fit the checkpoint, and only the
/// rows' bytes tell. A row counts as its line without the line break (and a trailing carriage
/// return); blank lines are passed over, as the dataset's reader does. The digest is fed as the
/// file grows, so a checkpoint costs the new rows only.
/// </summary>
internal sealed class DatasetDigest : IDisposable
{
    /// <summary>The checkpoint section's name.</summary>
    public const string SectionName = "dataset-digest";

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
        _offset += Feed(stream, _hash, long.MaxValue, out long rows);
        Rows += rows;
    }

    /// <summary>The section recording the rows fed so far and their digest.</summary>
    public CheckpointSection Section()
    {
        long rows = Rows;
        byte[] digest = _hash.GetCurrentHash();
        return new CheckpointSection(SectionName, writer =>
        {
            writer.Write(Format);
            writer.Write(rows);
            writer.Write(digest.Length);
            writer.Write(digest);
        });
    }

    /// <summary>The rows and digest a checkpoint recorded, or null when it has no such section (an earlier release's).</summary>
    /// <exception cref="InvalidDataException">The section is not in a format this release reads.</exception>
    public static (long Rows, byte[] Digest)? Recorded(CheckpointContents contents)
    {
        if (!contents.Contains(SectionName)) return null;
        (long, byte[])? recorded = null;
        contents.Read(SectionName, reader =>
        {
            int format = reader.ReadInt32();
            if (format != Format) throw new InvalidDataException($"The checkpoint's {SectionName} section has format {format}; this release reads format {Format}.");
            long rows = reader.ReadInt64();
            int length = reader.ReadInt32();
            if (rows < 0 || length != SHA256.HashSizeInBytes)
                throw new InvalidDataException($"The checkpoint's {SectionName} section records {rows} rows with a digest of {length} bytes.");
            recorded = (rows, reader.ReadBytes(length));
        });
        return recorded;
    }

    /// <summary>The digest of the first <paramref name="rows"/> rows of <paramref name="path"/>, or null when it has fewer complete rows.</summary>
    public static byte[]? Of(string path, long rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        Feed(stream, hash, rows, out long fed);
        return fed == rows ? hash.GetHashAndReset() : null;
    }

    // Hashes complete rows from the stream's position, at most `limit` of them; returns the bytes consumed (to the end of the last complete line read).
    private static long Feed(Stream stream, IncrementalHash hash, long limit, out long rows)
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
                if (HashRow(hash, line, lineLength)) rows++;
                line.Clear();
                lineLength = 0;
                start = newline + 1;
            }
        }
        return consumed;
    }

    // A row is fed with a line break after it, so that rows cannot run into each other; a blank line is not a row.
    private static bool HashRow(IncrementalHash hash, List<byte[]> pieces, int length)
    {
        byte[] row = pieces.Count == 1 ? pieces[0] : pieces.SelectMany(p => p).ToArray();
        ReadOnlySpan<byte> span = row.AsSpan(0, length);
        if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        if (span.IndexOfAnyExcept(" \t\r"u8) < 0) return false;
        hash.AppendData(span);
        hash.AppendData("\n"u8);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}

using System.Text.Json;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Export;

/// <summary>
/// A run's dataset as JSON Lines: one <see cref="EvaluatedText"/> per line, UTF-8, fields
/// <c>id, step, operator, parent_ids, text, status, failure, quality, measures, cell,
/// annotations</c>. The file is append-only while the run is going and survives interruption:
/// a torn last line is skipped (with a warning) when reading and cut off when appending again.
/// </summary>
/// <remarks>
/// Doubles round-trip bit for bit (shortest round-trip form); NaN is written as <c>null</c> and
/// read back as NaN, infinities as the strings <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// Annotations are a JSON object of strings; a repeated key keeps its first position and its
/// last value. Strings are UTF-8, so an unpaired UTF-16 surrogate is written as U+FFFD.
/// Unknown fields are ignored when reading.
/// </remarks>
public static class TextDatasetJsonl
{
    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it and its directory if needed. If
    /// the file ends in a torn row left by an interrupted write, that partial line is cut off
    /// (it never held a complete row) and <see cref="TextDatasetJsonlWriter.Warning"/> says so;
    /// a complete last row without its line break gets one.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file's last line is neither a row nor the start of one (it is probably not a dataset).
    /// </exception>
    public static TextDatasetJsonlWriter Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var stream = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            string? warning = RepairTail(stream, fullPath);
            stream.Seek(0, SeekOrigin.End);
            return new TextDatasetJsonlWriter(fullPath, stream, warning);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads every row of the file; a torn last line is skipped.</summary>
    /// <exception cref="InvalidDataException">A line other than a torn last line is not a valid row; the message names the file and line.</exception>
    public static List<EvaluatedText> Read(string path) => Read(path, out _);

    /// <summary>Reads every row of the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="warning">
    /// Set when the last line was torn (not terminated and not a complete row, as an interrupted
    /// write leaves it) and therefore skipped; null otherwise.
    /// </param>
    /// <exception cref="InvalidDataException">A line other than a torn last line is not a valid row; the message names the file and line.</exception>
    public static List<EvaluatedText> Read(string path, out string? warning)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rows = new List<EvaluatedText>();
        warning = null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        foreach (var (number, line, terminated) in Lines(stream))
        {
            if (IsBlank(line.Span)) continue;
            if (TryParse(line, out var row, out string? error)) rows.Add(row);
            else if (!terminated) warning = TornLineWarning(path, number, error);
            else throw new InvalidDataException($"{path}, line {number}: {error}");
        }
        return rows;
    }

    /// <summary>
    /// Rewrites the file atomically (temporary file, then rename) keeping only the rows with
    /// <see cref="EvaluatedText.Step"/> &lt;= <paramref name="lastStep"/>, byte for byte, and
    /// dropping a torn last line. Use it when a run resumes from a checkpoint taken after step
    /// <paramref name="lastStep"/>, so the rows of the interrupted batch are not written twice.
    /// Close any writer on the file first. Does nothing when the file does not exist.
    /// </summary>
    /// <exception cref="InvalidDataException">A line other than a torn last line is not a valid row; the file is left unchanged.</exception>
    public static void TruncateAfterStep(string path, int lastStep)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) return;
        AtomicFile.Write(path, output =>
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            foreach (var (number, line, terminated) in Lines(input))
            {
                if (IsBlank(line.Span)) continue;
                if (!TryParse(line, out var row, out string? error))
                {
                    if (!terminated) break; // torn last line: never a complete row
                    throw new InvalidDataException($"{path}, line {number}: {error}");
                }
                if (row.Step > lastStep) continue;
                output.Write(line.Span);
                output.Write("\n"u8);
            }
        });
    }

    private static bool TryParse(ReadOnlyMemory<byte> line, out EvaluatedText row, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            row = TextDatasetJsonCodec.ReadRow(document.RootElement);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
        }
        catch (FormatException e)
        {
            error = e.Message;
        }
        row = null!;
        return false;
    }

    private static string TornLineWarning(string path, int number, string? error) =>
        $"{path}, line {number}: skipped a torn last line (no line break and not a complete row, as an interrupted write leaves it): {error}";

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>
    /// The file's lines (1-based numbers, without the line break, after a UTF-8 byte order mark)
    /// and whether each ended in a line break. A line's memory is valid until the next one is read.
    /// </summary>
    private static IEnumerable<(int Number, ReadOnlyMemory<byte> Line, bool Terminated)> Lines(Stream stream)
    {
        byte[] buffer = new byte[1 << 16];
        int start = 0, end = 0, number = 0;
        bool eof = false, first = true;
        while (true)
        {
            if (first && (end >= 3 || eof))
            {
                first = false;
                if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
            }
            if (!first)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    yield return (++number, buffer.AsMemory(start, newline), true);
                    start += newline + 1;
                    continue;
                }
                if (eof)
                {
                    if (start < end) yield return (++number, buffer.AsMemory(start, end - start), false);
                    yield break;
                }
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            int read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0) eof = true;
            else end += read;
        }
    }

    /// <summary>
    /// Makes sure appended rows start on a line of their own: a complete last row without a line
    /// break gets one; a torn last row is cut off.
    /// </summary>
    private static string? RepairTail(FileStream stream, string path)
    {
        long length = stream.Length;
        if (length == 0) return null;
        long tailStart = LastNewline(stream, length) + 1;
        if (tailStart == 0 && length >= 3)
        {
            Span<byte> bom = stackalloc byte[3];
            stream.Position = 0;
            stream.ReadExactly(bom);
            if (bom.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) tailStart = 3;
        }
        if (tailStart >= length) return null;

        long tailLength = length - tailStart;
        if (tailLength > Array.MaxLength) throw new InvalidDataException($"{path} ends in a line of {tailLength} bytes without a line break; refusing to append to it.");
        var tail = new byte[tailLength];
        stream.Position = tailStart;
        stream.ReadExactly(tail);
        if (IsBlank(tail)) return null;

        if (TryParse(tail, out _, out string? error))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.Write("\n"u8);
            stream.Flush(flushToDisk: true);
            return null;
        }
        int firstByte = tail.AsSpan().IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r');
        if (tail[firstByte] != (byte)'{')
            throw new InvalidDataException($"{path} ends in a line that is neither a dataset row nor the start of one ({error}); refusing to append to it.");
        stream.SetLength(tailStart);
        stream.Flush(flushToDisk: true);
        return $"{path}: cut off a torn last line of {tailLength} bytes at byte {tailStart}, left by an interrupted write ({error}).";
    }

    /// <summary>Offset of the last '\n' in the file, or -1.</summary>
    private static long LastNewline(FileStream stream, long length)
    {
        byte[] chunk = new byte[1 << 16];
        long end = length;
        while (end > 0)
        {
            int size = (int)Math.Min(chunk.Length, end);
            long start = end - size;
            stream.Position = start;
            stream.ReadExactly(chunk, 0, size);
            int at = chunk.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (at >= 0) return start + at;
            end = start;
        }
        return -1;
    }
}

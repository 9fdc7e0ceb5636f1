using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using QualityDiversity.Persistence;

namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// An append-only collection of judgments, optionally backed by a JSON Lines file (one
/// judgment per line, see <see cref="Save"/> for the format) so that answers paid for once
/// survive crashes and are reused by later runs.
/// </summary>
/// <remarks>
/// <para>
/// A set opened with <see cref="Open"/> appends every added judgment to its file and flushes it
/// to disk before the add returns; earlier lines are never rewritten. A crash during an append
/// can leave a torn last line (no final newline, or zero bytes in it): loading skips it and
/// reports it in <see cref="LoadWarnings"/>, and the next append cuts it off before writing. Any
/// other bad line, including a complete last line, is an error (<see cref="JudgmentFormatException"/>),
/// never skipped.
/// </para>
/// <para>Not thread-safe: add from one thread at a time and do not read while adding.</para>
/// </remarks>
public sealed class JudgmentSet : IReadOnlyList<Judgment>
{
    private const byte Newline = (byte)'\n';
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly List<Judgment> _judgments;

    // A torn tail found on load: the file length seen then and where the last good line ends.
    private long _tornFileLength = -1;
    private long _validLength;

    /// <summary>Creates an empty set that lives in memory only.</summary>
    public JudgmentSet() => _judgments = [];

    /// <summary>Creates an in-memory set holding <paramref name="judgments"/>.</summary>
    /// <exception cref="ArgumentException">A judgment has a null item, null features, an undefined answer or kind, or a null judge name.</exception>
    public JudgmentSet(IEnumerable<Judgment> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        _judgments = [.. judgments];
        foreach (Judgment judgment in _judgments) JudgmentJsonLine.Validate(judgment, nameof(judgments));
    }

    private JudgmentSet(List<Judgment> judgments, string? filePath, IReadOnlyList<JudgmentLoadWarning> warnings)
    {
        _judgments = judgments;
        FilePath = filePath;
        LoadWarnings = warnings;
    }

    /// <summary>The file that added judgments are appended to, or null for an in-memory set.</summary>
    public string? FilePath { get; }

    /// <summary>Problems that loading tolerated (a torn last line); empty when the file was clean.</summary>
    public IReadOnlyList<JudgmentLoadWarning> LoadWarnings { get; } = [];

    /// <inheritdoc />
    public int Count => _judgments.Count;

    /// <inheritdoc />
    public Judgment this[int index] => _judgments[index];

    /// <summary>
    /// Loads the judgments in <paramref name="path"/> and keeps the file as this set's backing
    /// store: later adds are appended to it. A missing file gives an empty set; the file (and its
    /// directory) are created by the first add.
    /// </summary>
    /// <exception cref="JudgmentFormatException">A line other than the last is not a valid judgment.</exception>
    public static JudgmentSet Open(string path) => Read(path, attach: true);

    /// <summary>Loads the judgments in <paramref name="path"/> into an in-memory set; the file is not changed by later adds.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JudgmentFormatException">A line other than the last is not a valid judgment.</exception>
    public static JudgmentSet Load(string path) => Read(path, attach: false);

    private static JudgmentSet Read(string path, bool attach)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (attach && !File.Exists(fullPath)) return new JudgmentSet([], fullPath, []);

        byte[] bytes = File.ReadAllBytes(fullPath);
        var judgments = new List<Judgment>();
        var warnings = new List<JudgmentLoadWarning>();
        var scratch = new List<double>();
        long validLength = 0;
        bool torn = false;

        int start = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        int lastContentLine = LastNonBlankLineStart(bytes, start);
        int lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            int newline = Array.IndexOf(bytes, Newline, start);
            int end = newline < 0 ? bytes.Length : newline;
            int next = newline < 0 ? bytes.Length : newline + 1;
            ReadOnlySpan<byte> line = bytes.AsSpan(start, end - start);
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];

            if (IsBlank(line))
            {
                if (!torn) validLength = next;
            }
            else
            {
                // Appends write a whole line with its newline in one write, so a crash leaves a last
                // line without its newline, or one with zero bytes where the data never reached disk.
                // A complete bad last line is an error like any other, never dropped.
                bool mayBeTorn = start == lastContentLine && (newline < 0 || line.Contains((byte)0));
                try
                {
                    judgments.Add(JudgmentJsonLine.Parse(line, scratch));
                    validLength = next;
                }
                catch (FormatException ex) when (mayBeTorn)
                {
                    torn = true;
                    warnings.Add(new JudgmentLoadWarning(fullPath, lineNumber,
                        $"skipped an incomplete last line ({ex.Message}); it is most likely an append cut short by a crash"
                        + (attach ? " and is cut off before the next append" : "")
                        + $". Its {end - start} bytes: {Preview(line)}"));
                }
                catch (FormatException ex)
                {
                    throw new JudgmentFormatException(fullPath, lineNumber, ex.Message, ex);
                }
            }
            start = next;
        }

        var set = new JudgmentSet(judgments, attach ? fullPath : null, warnings);
        if (torn)
        {
            set._tornFileLength = bytes.Length;
            set._validLength = validLength;
        }
        return set;
    }

    private static int LastNonBlankLineStart(byte[] bytes, int from)
    {
        int result = -1;
        int start = from;
        while (start < bytes.Length)
        {
            int newline = Array.IndexOf(bytes, Newline, start);
            int end = newline < 0 ? bytes.Length : newline;
            if (!IsBlank(bytes.AsSpan(start, end - start))) result = start;
            start = newline < 0 ? bytes.Length : newline + 1;
        }
        return result;
    }

    // NUL bytes are deliberately not blank: a crash can leave a zero-filled tail, which must be
    // reported as torn rather than passed over.
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private static string Preview(ReadOnlySpan<byte> line)
    {
        const int MaxBytes = 120;
        string text = Encoding.UTF8.GetString(line.Length > MaxBytes ? line[..MaxBytes] : line).Replace('\0', '\u2400');
        return line.Length > MaxBytes ? $"\"{text}\"..." : $"\"{text}\"";
    }

    /// <summary>Adds <paramref name="judgment"/>, appending it to the backing file (flushed to disk) first when there is one.</summary>
    /// <exception cref="ArgumentException">The judgment has a null item, null features, an undefined answer or kind, or a null judge name.</exception>
    /// <exception cref="IOException">The file could not be written, or changed since it was loaded with a torn last line; the set is unchanged.</exception>
    public void Add(Judgment judgment) => AddRange([judgment]);

    /// <summary>
    /// Adds <paramref name="judgments"/> in order. With a backing file they are appended in one
    /// write and flushed to disk once; either all are added to the set or (on an invalid
    /// judgment or write error) none are.
    /// </summary>
    /// <exception cref="ArgumentException">A judgment has a null item, null features, an undefined answer or kind, or a null judge name.</exception>
    /// <exception cref="IOException">The file could not be written, or changed since it was loaded with a torn last line.</exception>
    public void AddRange(IEnumerable<Judgment> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        Judgment[] batch = [.. judgments];
        foreach (Judgment judgment in batch) JudgmentJsonLine.Validate(judgment, nameof(judgments));
        if (batch.Length == 0) return;
        if (FilePath is not null) Append(FilePath, batch);
        _judgments.AddRange(batch);
    }

    private void Append(string path, Judgment[] batch)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * batch.Length);
        WriteLines(buffer, batch, flush: null);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        if (_tornFileLength >= 0)
        {
            if (stream.Length != _tornFileLength)
                throw new IOException($"{path} changed since it was loaded with a torn last line; load it again before appending.");
            stream.SetLength(_validLength);
        }

        // A last line without its newline (hand-edited files) must not run into the new line.
        bool needsNewline = false;
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            needsNewline = stream.ReadByte() != Newline;
        }
        stream.Seek(0, SeekOrigin.End);
        if (needsNewline) stream.WriteByte(Newline);
        stream.Write(buffer.WrittenSpan);
        stream.Flush(flushToDisk: true);
        _tornFileLength = -1;
    }

    /// <summary>
    /// Writes the whole set to <paramref name="path"/> atomically (readers see the old file or
    /// the new one, never a mix), as JSON Lines: UTF-8, one judgment object per line, each ending
    /// in a newline. Doubles round-trip bit-exactly. A set backed by the same file stays backed by it.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        AtomicFile.Write(fullPath, stream =>
        {
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            WriteLines(buffer, _judgments, flush: stream);
            stream.Write(buffer.WrittenSpan);
        });
        if (FilePath is not null && string.Equals(fullPath, FilePath, StringComparison.Ordinal)) _tornFileLength = -1;
    }

    // Writes judgment lines into buffer; with a flush stream, moves the buffer to it every ~1 MB
    // so saving a large set does not hold the whole file in memory.
    private static void WriteLines(ArrayBufferWriter<byte> buffer, IReadOnlyList<Judgment> judgments, Stream? flush)
    {
        using Utf8JsonWriter writer = JudgmentJsonLine.CreateWriter(buffer);
        foreach (Judgment judgment in judgments)
        {
            JudgmentJsonLine.Write(writer, judgment);
            writer.Flush();
            writer.Reset(buffer);
            buffer.GetSpan(1)[0] = Newline;
            buffer.Advance(1);
            if (flush is not null && buffer.WrittenCount >= 1 << 20)
            {
                flush.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>
    /// The line that <see cref="Add"/> and <see cref="Save"/> write for <paramref name="judgment"/>,
    /// without its newline. Doubles round-trip bit-exactly, so two judgments are the same answer
    /// (items, answer, judge and time) exactly when their lines are equal: a record can be
    /// compared with judgments kept elsewhere, such as a checkpoint's.
    /// </summary>
    /// <exception cref="ArgumentException">The judgment has a null item, null features, an undefined answer or kind, or a null judge name.</exception>
    public static string FormatLine(Judgment judgment)
    {
        JudgmentJsonLine.Validate(judgment, nameof(judgment));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (Utf8JsonWriter writer = JudgmentJsonLine.CreateWriter(buffer)) JudgmentJsonLine.Write(writer, judgment);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An in-memory set of the judgments that satisfy <paramref name="predicate"/>, in order.</summary>
    public JudgmentSet Filter(Func<Judgment, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new JudgmentSet(_judgments.Where(predicate).ToList(), null, []);
    }

    /// <summary>An in-memory set of the judgments answered by judges of <paramref name="kind"/>.</summary>
    public JudgmentSet OfKind(JudgeKind kind) => Filter(j => j.JudgeKind == kind);

    /// <summary>An in-memory set of the judgments answered by the judge named <paramref name="judgeName"/> (ordinal comparison).</summary>
    public JudgmentSet ByJudge(string judgeName)
    {
        ArgumentNullException.ThrowIfNull(judgeName);
        return Filter(j => string.Equals(j.JudgeName, judgeName, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public IEnumerator<Judgment> GetEnumerator() => _judgments.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

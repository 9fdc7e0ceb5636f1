using System.Buffers;
using System.Text.Json;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Export;

/// <summary>
/// Appends dataset rows to a JSON Lines file, one row per line. Each batch is written in one
/// piece and flushed to disk before <see cref="Append"/> returns, so an interruption loses at
/// most the batch being written (and leaves at most one torn last line, which
/// <see cref="TextDatasetJsonl.Read(string)"/> skips). Create it with <see cref="TextDatasetJsonl.Open"/>.
/// </summary>
/// <remarks>Thread-safe. Other processes may read the file while it is open.</remarks>
public sealed class TextDatasetJsonlWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Lock _gate = new();
    private bool _disposed;

    internal TextDatasetJsonlWriter(string path, FileStream stream, string? warning)
    {
        Path = path;
        _stream = stream;
        Warning = warning;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>
    /// Set when opening found a torn last line left by an interrupted write and cut it off
    /// (so the appended rows start on a line of their own); null otherwise.
    /// </summary>
    public string? Warning { get; }

    /// <summary>Number of rows appended through this writer.</summary>
    public long RowsAppended { get; private set; }

    /// <summary>Appends the rows, one line each, and flushes them to disk.</summary>
    /// <exception cref="ArgumentException">A row is null or has a null member the record does not allow; nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Append(IEnumerable<EvaluatedText> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.Clear();
            int count = 0;
            using (var writer = new Utf8JsonWriter(_buffer, TextDatasetJsonCodec.WriterOptions))
            {
                foreach (var row in rows)
                {
                    TextDatasetJsonCodec.Validate(row, nameof(rows));
                    TextDatasetJsonCodec.WriteRow(writer, row);
                    writer.Flush();
                    _buffer.Write("\n"u8);
                    writer.Reset(_buffer);
                    count++;
                }
            }
            if (count == 0) return;
            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush(flushToDisk: true);
            RowsAppended += count;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace QualityDiversity.Persistence;

/// <summary>
/// Writes files so that readers never see a half-written file: content goes to a temporary
/// file in the same directory, is flushed to disk, then renamed over the target.
/// </summary>
public static class AtomicFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Writes the file at <paramref name="path"/> by calling <paramref name="write"/> on a temporary stream.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, write, previousPath: null);

    /// <summary>
    /// Writes the file at <paramref name="path"/> by calling <paramref name="write"/> on a
    /// temporary stream; once the new content is on disk, the file it replaces is moved to
    /// <paramref name="previousPath"/> (when given) rather than lost.
    /// </summary>
    public static void Write(string path, Action<Stream> write, string? previousPath)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string temp = TemporaryFor(fullPath);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            // Between the two moves only the previous file exists: a reader falls back to it.
            if (previousPath is not null && File.Exists(fullPath)) File.Move(fullPath, previousPath, overwrite: true);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes the file at <paramref name="path"/> by awaiting <paramref name="write"/> on a
    /// temporary stream opened for asynchronous I/O (for writers with only an asynchronous API,
    /// such as Parquet's), then flushes it to disk and renames it over the target.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string temp = TemporaryFor(fullPath);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // ".NAME.PID.GUID.tmp" beside the target (its directory created), the name DeleteStaleTemporaries recognises.
    private static string TemporaryFor(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TempSuffix}");
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) atomically to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// Deletes the temporary files that writes in <paramref name="directory"/> left behind when
    /// their process was killed (files of processes still running are left alone).
    /// </summary>
    /// <returns>The files deleted.</returns>
    public static IReadOnlyList<string> DeleteStaleTemporaries(string directory)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(directory)) return deleted;
        foreach (string file in Directory.EnumerateFiles(directory, "." + "*" + TempSuffix))
        {
            if (WriterProcess(Path.GetFileName(file)) is not { } pid || pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
                deleted.Add(file);
            }
            catch (IOException)
            {
                // Another process may have removed or be holding it; it is not ours to insist on.
            }
        }
        return deleted;
    }

    // ".NAME.PID.GUID.tmp" → PID.
    private static int? WriterProcess(string name)
    {
        string[] parts = name[..^TempSuffix.Length].Split('.');
        if (parts.Length < 4 || parts[^1].Length != 32 || !Guid.TryParseExact(parts[^1], "N", out _)) return null;
        return int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

using System.Globalization;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// The exclusive claim of one writer on a run directory: <c>run.lock</c> held open without
/// sharing for as long as the run is open. The operating system drops the lock with the process,
/// so a run killed in any way never blocks the next one. The holder's process id and start time
/// are written to <c>run.lock.owner</c>, for the message another writer is refused with, and so
/// that a writer is refused even when <c>run.lock</c> was deleted under a live run (the lock
/// then sits on a file that no longer has a name): the owner it names is still running.
/// Releasing removes both files, so a finished or stopped run leaves no lock behind (a killed one
/// leaves them, harmlessly). Because the lock file is removed while it is held, a writer that
/// locked a file that has since lost its name (it opened the file just before the holder removed
/// it) lets go and takes the lock again on a new file: two writers never hold different files.
/// </summary>
internal sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "run.lock";

    /// <summary>The name of the file that tells who holds the lock.</summary>
    public const string OwnerFileName = "run.lock.owner";

    private readonly FileStream _stream;
    private readonly RunDirectory _directory;

    private RunLock(FileStream stream, RunDirectory directory)
    {
        _stream = stream;
        _directory = directory;
    }

    /// <summary>Takes the lock on <paramref name="directory"/>, which must exist.</summary>
    /// <exception cref="ExperimentException">Another process (or another open run) holds it; the message gives its process id.</exception>
    public static RunLock Acquire(RunDirectory directory)
    {
        string path = directory.File(FileName);
        FileStream stream;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                throw new ExperimentException(nameof(directory),
                    $"'{directory.Path}' is in use by {Holder(directory)}; two runs cannot write into one directory. Wait for it to finish or stop it, or choose another directory.",
                    ExperimentErrorKind.InvalidRequest);
            }
            // A holder releasing its lock removes the file; one opened just before that is locked
            // in vain (the next writer creates a new file): take the lock again on that one.
            if (HoldsNamedFile(stream, path) || attempt >= 20) break;
            stream.Dispose();
        }
        if (LiveOwner(directory) is { } holder)
        {
            stream.Dispose();
            throw new ExperimentException(nameof(directory),
                $"'{directory.Path}' is in use by {holder}, although its {FileName} was deleted; two runs cannot write into one directory. Wait for it to finish or stop it, or choose another directory.",
                ExperimentErrorKind.InvalidRequest);
        }
        try
        {
            File.WriteAllText(directory.File(OwnerFileName),
                string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {Environment.MachineName} {DateTimeOffset.UtcNow:O} {StartTicks(Environment.ProcessId)}\n"));
        }
        catch (IOException)
        {
            // Only the refusal message of another writer depends on it.
        }
        return new RunLock(stream, directory);
    }

    // The process the owner file names, when it is another process on this machine that is still
    // the one that wrote it (same start time, so a reused process id does not count).
    private static string? LiveOwner(RunDirectory directory)
    {
        string[] owner;
        try
        {
            owner = File.ReadAllText(directory.File(OwnerFileName)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (owner.Length < 4 || owner[1] != Environment.MachineName
            || !int.TryParse(owner[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId
            || !long.TryParse(owner[3], NumberStyles.None, CultureInfo.InvariantCulture, out long started))
            return null;
        // Start times are derived from the boot time, which is estimated anew by each reader: they agree to within milliseconds.
        long now = StartTicks(pid);
        return now >= 0 && Math.Abs(now - started) < TimeSpan.TicksPerSecond ? $"process {pid} on {owner[1]}" : null;
    }

    // The start time of process `pid` in UTC ticks, or -1 when it is not running or cannot be asked.
    private static long StartTicks(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited ? -1 : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return -1;
        }
    }

    /// <summary>Releases the lock and removes the lock and owner files.</summary>
    public void Dispose()
    {
        string path = _directory.File(FileName);
        bool named = HoldsNamedFile(_stream, path);
        try
        {
            // The owner record first, when it is still this process's (no other writer is admitted while it names a live one).
            string owner = _directory.File(OwnerFileName);
            if (File.Exists(owner) && File.ReadAllText(owner).StartsWith(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} "), StringComparison.Ordinal))
                File.Delete(owner);
            // Where an open file can be removed, remove it while still holding it, so no writer can
            // take a lock on it that the next writer would not see.
            if (named && !OperatingSystem.IsWindows()) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, the files are harmless: the lock dies with the process and the owner record names a finished one.
        }
        _stream.Dispose();
        if (!OperatingSystem.IsWindows()) return;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another writer has just opened it.
        }
    }

    // Whether the locked file is still the one named `path`. On Linux the descriptor's link in
    // /proc says so (a removed file's ends in " (deleted)"); elsewhere the name must at least exist
    // (Windows does not remove a file that is open without delete sharing).
    private static bool HoldsNamedFile(FileStream stream, string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                string link = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}");
                if (new FileInfo(link).LinkTarget is { } target)
                    return !target.EndsWith(" (deleted)", StringComparison.Ordinal) && File.Exists(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // /proc not mounted: fall back to the name.
            }
        }
        return File.Exists(path);
    }

    private static string Holder(RunDirectory directory)
    {
        try
        {
            string[] owner = File.ReadAllText(directory.File(OwnerFileName)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (owner.Length >= 2 && int.TryParse(owner[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                return pid == Environment.ProcessId
                    ? $"another run open in this process (process id {pid})"
                    : $"process {pid} on {owner[1]}";
        }
        catch (IOException)
        {
        }
        return "another process";
    }
}

using System.Globalization;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// The exclusive claim of one writer on a run directory: <c>run.lock</c> held open without
/// sharing for as long as the run is open. The operating system drops the lock with the process,
/// so a run killed in any way never blocks the next one. The holder's process id and start time
/// are written to <c>run.lock.owner</c>, for the message another writer is refused with, and so
/// that a writer is refused even when <c>run.lock</c> was deleted under a live run (the lock
/// then sits on a file that no longer has a name): the owner it names is still running.
/// </summary>
internal sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "run.lock";

    /// <summary>The name of the file that tells who holds the lock.</summary>
    public const string OwnerFileName = "run.lock.owner";

    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock on <paramref name="directory"/>, which must exist.</summary>
    /// <exception cref="ExperimentException">Another process (or another open run) holds it; the message gives its process id.</exception>
    public static RunLock Acquire(RunDirectory directory)
    {
        string path = directory.File(FileName);
        FileStream stream;
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
        return new RunLock(stream);
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

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();

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

using System.Globalization;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// The exclusive claim of one writer on a run directory: <c>run.lock</c> held open without
/// sharing for as long as the run is open. The operating system drops the lock with the process,
/// so a run killed in any way never blocks the next one. The holder's process id is written to
/// <c>run.lock.owner</c> for the message another writer is refused with.
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
        try
        {
            File.WriteAllText(directory.File(OwnerFileName),
                string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {Environment.MachineName} {DateTimeOffset.UtcNow:O}\n"));
        }
        catch (IOException)
        {
            // Only the refusal message of another writer depends on it.
        }
        return new RunLock(stream);
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

namespace QualityDiversity.Schedulers;

/// <summary>What the machine's logical processors share, as far as the operating system tells.</summary>
internal static class CpuTopology
{
    /// <summary>
    /// Whether some logical processors are hardware threads of one core (simultaneous
    /// multithreading), read from Linux's sysfs; false where it cannot be read. Two threads on one
    /// core share its arithmetic units, so splitting arithmetic-bound work between them gains
    /// little and pays for the hand-over.
    /// </summary>
    public static bool HasSharedCores { get; } = ReadHasSharedCores();

    private static bool ReadHasSharedCores()
    {
        try
        {
            for (int cpu = 0; cpu < Environment.ProcessorCount; cpu++)
            {
                string path = $"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list";
                if (!File.Exists(path)) return false;
                string siblings = File.ReadAllText(path).Trim();
                // "3" alone; "2,3" or "2-3" when the core runs two hardware threads.
                if (siblings.Contains(',') || siblings.Contains('-')) return true;
            }
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

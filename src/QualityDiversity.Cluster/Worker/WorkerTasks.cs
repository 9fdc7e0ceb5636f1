using System.Collections.Concurrent;
using QualityDiversity.Domains;

namespace QualityDiversity.Cluster.Worker;

/// <summary>
/// The tasks a worker has built, one per name and dimension: building a task can be costly (the
/// maze builds its map) and every task is safe to evaluate from several threads, so each is built
/// once per worker and shared by all its grain activations.
/// </summary>
internal static class WorkerTasks
{
    private static readonly ConcurrentDictionary<(string Name, int Dim), Lazy<IBenchmarkTask>> Tasks = new();

    /// <summary>The task called <paramref name="name"/> with dimension <paramref name="dim"/>, built on first use.</summary>
    /// <exception cref="ArgumentException">No task of that name is known to this worker (the message lists the known ones).</exception>
    public static IBenchmarkTask Get(string name, int dim)
    {
        var key = (name.Trim().ToLowerInvariant(), dim);
        var lazy = Tasks.GetOrAdd(key, k => new Lazy<IBenchmarkTask>(() => BenchmarkTasks.Create(k.Name, k.Dim)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed build is not cached: a later chunk may come after the task was registered.
            Tasks.TryRemove(new KeyValuePair<(string, int), Lazy<IBenchmarkTask>>(key, lazy));
            throw;
        }
    }
}

namespace QualityDiversity.Web.Tests;

/// <summary>Waits for a condition the server reaches in the background, failing (not hanging) if it never does.</summary>
internal static class Waiting
{
    // A guard against hangs only: the conditions are reached in seconds.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public static async Task<T> ForAsync<T>(Task<T> task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Limit));
        if (finished != task) throw new TimeoutException($"Gave up waiting for {what}.");
        return await task;
    }
}

using QualityDiversity.Schedulers;

namespace QualityDiversity.Core.Tests.Schedulers;

public class PartnerThreadTests
{
    [Fact]
    public void Every_item_runs_exactly_once_in_every_loop()
    {
        using var partner = new PartnerThread();
        for (int loop = 0; loop < 200; loop++)
        {
            int count = loop % 7;
            var runs = new int[count];
            Assert.True(partner.TryFor(count, k => Interlocked.Increment(ref runs[k])));
            Assert.Equal(Enumerable.Repeat(1, count), runs);
            // Gaps of different lengths let the partner be spinning, asleep or late.
            if (loop % 50 == 49) Thread.Sleep(PartnerThread.SpinTime * 2);
        }
    }

    [Fact]
    public void Both_threads_take_items()
    {
        using var partner = new PartnerThread();
        var threads = new HashSet<int>();
        // Items long enough that one thread cannot take them all before the other joins.
        for (int loop = 0; loop < 20 && threads.Count < 2; loop++)
            partner.TryFor(8, _ => { lock (threads) threads.Add(Environment.CurrentManagedThreadId); Thread.Sleep(2); });
        Assert.Equal(2, threads.Count);
    }

    [Fact]
    public void An_item_exception_is_rethrown_unwrapped_and_the_partner_keeps_working()
    {
        using var partner = new PartnerThread();
        for (int failing = 0; failing < 6; failing++)
        {
            int f = failing;
            var error = Assert.Throws<InvalidOperationException>(() => partner.TryFor(6, k => { Thread.Sleep(1); if (k == f) throw new InvalidOperationException($"item {k}"); }));
            Assert.Equal($"item {f}", error.Message);
        }
        var runs = new int[5];
        Assert.True(partner.TryFor(5, k => Interlocked.Increment(ref runs[k])));
        Assert.Equal([1, 1, 1, 1, 1], runs);
    }

    [Fact]
    public async Task A_second_caller_is_turned_away_while_a_loop_runs()
    {
        using var partner = new PartnerThread();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => partner.TryFor(1, _ => { inside.Set(); release.Wait(TimeSpan.FromMinutes(1)); }));
        Assert.True(inside.Wait(TimeSpan.FromMinutes(1)));
        int ran = 0;
        Assert.False(partner.TryFor(3, _ => ran++));
        Assert.Equal(0, ran);
        release.Set();
        Assert.True(await first.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.True(partner.TryFor(3, _ => Interlocked.Increment(ref ran)));
        Assert.Equal(3, ran);
    }
}

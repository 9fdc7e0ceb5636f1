using QualityDiversity.Threading;

namespace QualityDiversity.Core.Tests.Threading;

/// <summary>The work team runs each part of a job exactly once, from any number of callers.</summary>
public class WorkTeamTests
{
    private sealed class CountingJob(int parts) : TeamJob
    {
        public readonly int[] Runs = new int[parts];
        public override void RunPart(int part, int count)
        {
            Assert.Equal(Runs.Length, count);
            Interlocked.Increment(ref Runs[part]);
        }
    }

    private sealed class FailingJob : TeamJob
    {
        public int Finished;
        public override void RunPart(int part, int parts)
        {
            if (part == 1) throw new InvalidOperationException("part 1 failed");
            Interlocked.Increment(ref Finished);
        }
    }

    private sealed class NestedJob : TeamJob
    {
        public readonly CountingJob Inner = new(3);
        public override void RunPart(int part, int parts) => WorkTeam.Run(Inner, 3);
    }

    [Fact]
    public void Each_part_runs_once_when_many_threads_run_jobs_at_once()
    {
        const int callers = 4, jobsPerCaller = 2_000;
        var jobs = new CountingJob[callers][];
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            jobs[c] = new CountingJob[jobsPerCaller];
            for (int j = 0; j < jobsPerCaller; j++)
            {
                var job = new CountingJob(1 + (c + j) % 6);
                WorkTeam.Run(job, job.Runs.Length);
                jobs[c][j] = job;
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        for (int c = 0; c < callers; c++)
            for (int j = 0; j < jobsPerCaller; j++)
                Assert.True(jobs[c][j].Runs.All(r => r == 1), $"caller {c}, job {j}: parts ran {string.Join(", ", jobs[c][j].Runs)} times");
    }

    [Fact]
    public void A_failing_part_is_rethrown_after_the_others_finish()
    {
        var job = new FailingJob();
        var error = Assert.Throws<InvalidOperationException>(() => WorkTeam.Run(job, 4));
        Assert.Equal("part 1 failed", error.Message);
        Assert.Equal(3, job.Finished);
        // The team is free again afterwards.
        var next = new CountingJob(4);
        WorkTeam.Run(next, 4);
        Assert.Equal([1, 1, 1, 1], next.Runs);
    }

    [Fact]
    public void A_job_started_inside_a_part_runs_on_its_own_thread()
    {
        var outer = new NestedJob();
        WorkTeam.Run(outer, 2);
        Assert.Equal([2, 2, 2], outer.Inner.Runs);
    }

    [Fact]
    public void Part_counts_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkTeam.Run(new CountingJob(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkTeam.Run(new CountingJob(1), 70_000));
    }
}

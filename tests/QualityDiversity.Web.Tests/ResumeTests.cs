using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Storage;

namespace QualityDiversity.Web.Tests;

/// <summary>A web-judged run stopped while it waits for people resumes with every answer kept and no triplet asked twice.</summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task A_stopped_run_keeps_its_answers_and_asks_only_the_rest()
    {
        using var arm = new ArmRun(judgments: 30, iterations: 2);
        var firstKeys = new List<string>();
        string skippedKey;

        await using (var server = await JudgingServer.StartAsync(new JudgingServerOptions { Directory = arm.Directory }))
        {
            var queue = server.Queue!;
            await Waiting.UntilAsync(() => queue.Progress.Waiting == 30, "the first update to post its 30 triplets");
            for (int i = 0; i < 10; i++)
            {
                var pending = queue.Next("ana")!;
                firstKeys.Add(pending.Key);
                Assert.Equal(Learning.Judges.JudgingAnswerResult.Accepted, queue.Answer(pending.Id, arm.Answer(pending.Triplet), "ana"));
            }
            // A skip declines a triplet for this update; it is not recorded.
            var skipped = queue.Next("ana")!;
            skippedKey = skipped.Key;
            Assert.Equal(Learning.Judges.JudgingAnswerResult.Skipped, queue.Answer(skipped.Id, null, "ana"));
            await server.StopRunAsync();
            var outcome = await Waiting.ForAsync(server.Run!, "the stopped run to end");
            Assert.True(outcome.Interrupted);
        }
        Assert.False(File.Exists(Path.Combine(arm.Directory, "checkpoint.bin")));
        var kept = JudgmentSet.Load(arm.JudgmentsPath);
        Assert.Equal(firstKeys, kept.Select(TripletKey.Of));

        await using (var server = await JudgingServer.StartAsync(new JudgingServerOptions { Directory = arm.Directory }))
        {
            var queue = server.Queue!;
            // The same 30 questions come again: the 10 answered are replayed, the other 20 (the skipped one too) are asked.
            await Waiting.UntilAsync(() => queue.Progress.Waiting == 20, "the resumed update to post the 20 unanswered triplets");
            var asked = queue.Pending.Select(p => p.Key).ToList();
            Assert.Empty(asked.Intersect(firstKeys));
            Assert.Contains(skippedKey, asked);
            foreach (var pending in queue.Pending)
                Assert.Equal(Learning.Judges.JudgingAnswerResult.Accepted, queue.Answer(pending.Id, arm.Answer(pending.Triplet), "bo"));
            var outcome = await Waiting.ForAsync(server.Run!, "the resumed run to finish");
            Assert.False(outcome.Interrupted);
        }

        var all = JudgmentSet.Load(arm.JudgmentsPath);
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Select(TripletKey.Of).Distinct().Count());
        Assert.Equal(10, all.Count(j => j.JudgeName == "ana"));
        Assert.Equal(20, all.Count(j => j.JudgeName == "bo"));

        // judgments.db holds the same judgments, line for line, with the asked times of the answers given through the queue.
        using var database = JudgmentDatabase.Open(Path.Combine(arm.Directory, JudgmentDatabase.FileName), all);
        var rows = database.ReadAll();
        Assert.Equal(all.Select(TripletKey.Of), rows.Select(r => r.Triplet));
        Assert.Equal(all.Select(j => j.JudgeName), rows.Select(r => r.Rater));
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.AskedAt));
    }
}

using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests.Judges;

public class ReplayingJudgeTests
{
    private static JudgedItem Item(double x) => new([x, 0]);

    private static SimulatedJudge Simulated() => new((item, measures) => item.Features.CopyTo(measures), 2);

    [Fact]
    public async Task Recorded_triplets_are_replayed_and_only_new_ones_reach_the_inner_judge()
    {
        var old = new Triplet(Item(0), Item(1), Item(5));
        var earlier = await Simulated().JudgeAsync([old]);
        var fresh = new Triplet(Item(0), Item(9), Item(2));
        var appended = new List<Judgment>();
        var judge = new ReplayingJudge(Simulated(), earlier) { OnNewAnswers = appended.AddRange };

        // The same questions as new objects, one in swapped order, plus one never asked.
        var asked = new[] { new Triplet(Item(0), Item(5), Item(1)), fresh };
        var answers = await judge.JudgeAsync(asked);

        Assert.Equal(2, answers.Count);
        Assert.True(asked[0].IsAnsweredBy(answers[0]));
        Assert.Equal(TripletAnswer.B, answers[0].Answer); // the recorded answer, flipped for the swapped order
        Assert.True(fresh.IsAnsweredBy(answers[1]));
        Assert.Equal(TripletAnswer.B, answers[1].Answer);
        Assert.Equal(1, judge.Replayed);
        Assert.Equal(1, judge.Asked);
        Assert.Same(answers[1], Assert.Single(appended));
    }

    [Fact]
    public async Task A_declined_triplet_is_left_out_in_question_order()
    {
        var person = new ConsoleJudge("ana", new StringReader("a\ns\nb\n"), TextWriter.Null);
        var judge = new ReplayingJudge(person, []);
        var asked = new[] { new Triplet(Item(0), Item(1), Item(2)), new Triplet(Item(0), Item(3), Item(4)), new Triplet(Item(0), Item(5), Item(6)) };

        var answers = await judge.JudgeAsync(asked);

        Assert.Equal(2, answers.Count);
        Assert.True(asked[0].IsAnsweredBy(answers[0]));
        Assert.True(asked[2].IsAnsweredBy(answers[1]));
        Assert.Equal(JudgeKind.Human, answers[1].JudgeKind);
    }
}

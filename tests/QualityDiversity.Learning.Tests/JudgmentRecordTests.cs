using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests;

public class JudgmentRecordTests
{
    [Fact]
    public void Judgment_keeps_its_items_answer_and_judge()
    {
        var reference = new JudgedItem([0.0, 1.0]);
        var a = new JudgedItem([0.1, 0.9], Text: "a");
        var b = new JudgedItem([5.0, 5.0], Solution: [1.0]);
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var judgment = new Judgment(reference, a, b, TripletAnswer.A, JudgeKind.Human, "ana", at);

        Assert.Same(reference, judgment.Reference);
        Assert.Equal("a", judgment.A.Text);
        Assert.Equal([1.0], judgment.B.Solution!);
        Assert.Equal(TripletAnswer.A, judgment.Answer);
        Assert.Equal(JudgeKind.Human, judgment.JudgeKind);
        Assert.Equal("ana", judgment.JudgeName);
        Assert.Equal(at, judgment.AnsweredAt);
    }
}

using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests.Judgments;

public class TripletTests
{
    [Fact]
    public void Answer_keeps_the_item_instances_and_is_matched_by_identity()
    {
        var triplet = new Triplet(new JudgedItem([0.0]), new JudgedItem([1.0]), new JudgedItem([2.0]));
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Judgment judgment = triplet.Answer(TripletAnswer.B, JudgeKind.Human, "ana", at);

        Assert.Same(triplet.Reference, judgment.Reference);
        Assert.Same(triplet.A, judgment.A);
        Assert.Same(triplet.B, judgment.B);
        Assert.Equal(TripletAnswer.B, judgment.Answer);
        Assert.True(triplet.IsAnsweredBy(judgment));
        Assert.Equal(triplet, Triplet.Of(judgment));

        // Equal-valued but distinct items are a different question.
        var lookalike = new Triplet(new JudgedItem([0.0]), triplet.A, triplet.B);
        Assert.False(lookalike.IsAnsweredBy(judgment));
        Assert.False(triplet.Swapped().IsAnsweredBy(judgment));
        Assert.Same(triplet.A, triplet.Swapped().B);
    }
}

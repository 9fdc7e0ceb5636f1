using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests.Judges;

public class JudgeAnswersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Triplet NewTriplet(double x) => new(new JudgedItem([x]), new JudgedItem([x + 1]), new JudgedItem([x + 2]));

    [Fact]
    public void Declined_lists_the_unanswered_questions_in_order_even_with_duplicates()
    {
        Triplet t0 = NewTriplet(0), t1 = NewTriplet(1), t2 = NewTriplet(2);
        Triplet[] asked = [t0, t1, t0, t2];
        Judgment[] answers = [t0.Answer(TripletAnswer.A, JudgeKind.Human, "p", T0), t2.Answer(TripletAnswer.B, JudgeKind.Human, "p", T0)];

        Assert.Equal([t1, t0], JudgeAnswers.Declined(asked, answers));
        Assert.Empty(JudgeAnswers.Declined([t0, t1], [t0.Answer(TripletAnswer.A, JudgeKind.Human, "p", T0), t1.Answer(TripletAnswer.A, JudgeKind.Human, "p", T0)]));
    }

    [Fact]
    public void Answers_out_of_order_or_for_other_questions_break_the_contract()
    {
        Triplet t0 = NewTriplet(0), t1 = NewTriplet(1);
        Judgment a0 = t0.Answer(TripletAnswer.A, JudgeKind.Human, "p", T0);
        Judgment a1 = t1.Answer(TripletAnswer.A, JudgeKind.Human, "p", T0);

        Assert.Throws<InvalidOperationException>(() => JudgeAnswers.Declined([t0, t1], [a1, a0]));
        Assert.Throws<InvalidOperationException>(() => JudgeAnswers.Declined([t0], [NewTriplet(0).Answer(TripletAnswer.A, JudgeKind.Human, "p", T0)]));
    }
}

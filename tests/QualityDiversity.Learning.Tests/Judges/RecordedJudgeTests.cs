using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Tests.Judgments;

namespace QualityDiversity.Learning.Tests.Judges;

public class RecordedJudgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    private static JudgedItem Item(params double[] features) => new(features);

    private static Judgment Recorded(double r, double a, double b, TripletAnswer answer, string judge, int minute) =>
        new(Item(r, 0.1), Item(a, 0.2), Item(b, 0.3), answer, JudgeKind.Human, judge, T0.AddMinutes(minute));

    [Fact]
    public async Task Replays_recorded_answers_from_a_file_including_swapped_order_and_declines_unknown()
    {
        using var dir = new TempDirectory();
        string path = dir.File("recorded.jsonl");
        new JudgmentSet(
        [
            Recorded(0, 1, 2, TripletAnswer.A, "ana", 1),
            Recorded(5, 6, 7, TripletAnswer.B, "bo", 2),
        ]).Save(path);
        RecordedJudge judge = RecordedJudge.FromFile(path);

        // Fresh instances with equal features, as a later run would build them.
        Triplet same = new(Item(0, 0.1), Item(1, 0.2), Item(2, 0.3));
        Triplet swapped = new(Item(5, 0.1), Item(7, 0.3), Item(6, 0.2));
        Triplet unknown = new(Item(0, 0.1), Item(1, 0.2), Item(9, 0.3));
        Triplet[] asked = [same, unknown, swapped];

        IReadOnlyList<Judgment> answers = await judge.JudgeAsync(asked);

        Assert.Equal(2, answers.Count);
        Assert.True(same.IsAnsweredBy(answers[0]));
        Assert.Equal(TripletAnswer.A, answers[0].Answer);
        Assert.Equal(JudgeKind.Human, answers[0].JudgeKind);
        Assert.Equal("ana", answers[0].JudgeName);
        Assert.Equal(T0.AddMinutes(1), answers[0].AnsweredAt);
        Assert.True(swapped.IsAnsweredBy(answers[1]));
        Assert.Equal(TripletAnswer.A, answers[1].Answer);
        Assert.Equal("bo", answers[1].JudgeName);
        Assert.Equal([unknown], JudgeAnswers.Declined(asked, answers));

        Assert.Equal(JudgeKind.Recorded, judge.Kind);
        Assert.Equal("recorded (recorded.jsonl)", judge.Name);
        Assert.Equal(2, judge.Count);
        Assert.Empty(judge.LoadWarnings);
    }

    [Fact]
    public void Matching_is_bit_exact_and_the_first_recording_wins()
    {
        var judge = new RecordedJudge(
        [
            Recorded(0, 1, 2, TripletAnswer.A, "first", 1),
            Recorded(0, 1, 2, TripletAnswer.B, "second", 2),
            Recorded(0, 2, 1, TripletAnswer.A, "swapped", 3),
        ], name: "replay");

        Assert.True(judge.TryAnswer(new Triplet(Item(0, 0.1), Item(1, 0.2), Item(2, 0.3)), out Judgment? direct));
        Assert.Equal(("first", TripletAnswer.A), (direct.JudgeName, direct.Answer));
        // The direct recording of this order wins over the swapped "first" one.
        Assert.True(judge.TryAnswer(new Triplet(Item(0, 0.1), Item(2, 0.2), Item(1, 0.3)), out Judgment? other));
        Assert.Equal(("swapped", TripletAnswer.A), (other.JudgeName, other.Answer));
        Assert.True(judge.TryAnswer(new Triplet(Item(0, 0.1), Item(2, 0.3), Item(1, 0.2)), out Judgment? flipped));
        Assert.Equal(("first", TripletAnswer.B), (flipped.JudgeName, flipped.Answer));
        Assert.False(judge.TryAnswer(new Triplet(Item(-0.0, 0.1), Item(1, 0.2), Item(2, 0.3)), out _));
        Assert.False(judge.TryAnswer(new Triplet(Item(0, Math.BitIncrement(0.1)), Item(1, 0.2), Item(2, 0.3)), out _));
        Assert.Equal("replay", judge.Name);
    }

    [Fact]
    public void Bad_recordings_are_rejected()
    {
        Judgment broken = Recorded(0, 1, 2, TripletAnswer.A, "x", 0) with { A = null! };
        var ex = Assert.Throws<ArgumentException>(() => new RecordedJudge([Recorded(0, 1, 2, TripletAnswer.A, "x", 0), broken]));
        Assert.Contains("Recorded judgment 1", ex.Message);
    }

    [Fact]
    public async Task Recorded_simulated_answers_replay_identically()
    {
        var random = new QualityDiversity.Randomness.RandomSource(5);
        JudgedItem RandomItem() => new([random.NextGaussian(), random.NextGaussian()]);
        Triplet[] triplets = Enumerable.Range(0, 300).Select(_ => new Triplet(RandomItem(), RandomItem(), RandomItem())).ToArray();
        var simulated = new SimulatedJudge((item, m) => item.Features.CopyTo(m), 2, 0.2, new QualityDiversity.Randomness.RandomSource(8));
        IReadOnlyList<Judgment> original = await simulated.JudgeAsync(triplets);

        using var dir = new TempDirectory();
        string path = dir.File("sim.jsonl");
        JudgmentSet.Open(path).AddRange(original);
        IReadOnlyList<Judgment> replayed = await RecordedJudge.FromFile(path).JudgeAsync(triplets);

        Assert.Equal(original.Select(j => j.Answer), replayed.Select(j => j.Answer));
        Assert.All(replayed, j => Assert.Equal("simulated (20% noise)", j.JudgeName));
    }
}

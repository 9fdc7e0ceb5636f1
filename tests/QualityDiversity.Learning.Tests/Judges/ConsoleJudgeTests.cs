using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests.Judges;

public class ConsoleJudgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 8, 9, 10, 11, TimeSpan.Zero);

    private static Triplet NewTriplet(int i) =>
        new(new JudgedItem([i], Text: $"ref {i}"), new JudgedItem([i + 0.5], Text: $"cand A {i}"), new JudgedItem([i + 1.5], Text: $"cand B {i}"));

    private static (ConsoleJudge Judge, StringWriter Output) Judge(string input, TimeProvider? clock = null)
    {
        var output = new StringWriter();
        return (new ConsoleJudge("ana", new StringReader(input), output, clock ?? new FixedTimeProvider(T0)), output);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    [Fact]
    public async Task Reads_letters_and_digits_as_answers()
    {
        var clock = new FixedTimeProvider(T0);
        var (judge, output) = Judge("a\n2\n B \n1\n", clock);
        Triplet[] triplets = [NewTriplet(0), NewTriplet(1), NewTriplet(2), NewTriplet(3)];

        IReadOnlyList<Judgment> answers = await judge.JudgeAsync(triplets);

        Assert.Equal([TripletAnswer.A, TripletAnswer.B, TripletAnswer.B, TripletAnswer.A], answers.Select(j => j.Answer));
        Assert.Empty(JudgeAnswers.Declined(triplets, answers));
        Assert.All(answers, j =>
        {
            Assert.Equal(JudgeKind.Human, j.JudgeKind);
            Assert.Equal("ana", j.JudgeName);
            Assert.Equal(T0, j.AnsweredAt);
        });
        string shown = output.ToString();
        Assert.Contains("Question 1 of 4", shown);
        Assert.Contains("Reference: ref 3", shown);
        Assert.Contains("A: cand A 2", shown);
        Assert.Contains("B: cand B 1", shown);
        Assert.False(judge.HasQuit);
        Assert.Equal(JudgeKind.Human, judge.Kind);
        Assert.Equal("ana", judge.Name);
    }

    [Fact]
    public async Task Invalid_input_is_explained_and_the_question_asked_again()
    {
        var (judge, output) = Judge("x\n\nab\nb\n");

        IReadOnlyList<Judgment> answers = await judge.JudgeAsync([NewTriplet(0)]);

        Assert.Equal(TripletAnswer.B, Assert.Single(answers).Answer);
        string shown = output.ToString();
        Assert.Equal(3, Count(shown, "is not an answer"));
        Assert.Contains("\"x\" is not an answer", shown);
        Assert.Contains("\"ab\" is not an answer", shown);
        Assert.Equal(4, Count(shown, "s to skip, q to quit:"));
        Assert.Equal(1, Count(shown, "Question 1 of 1"));
    }

    [Fact]
    public async Task Skip_declines_one_question()
    {
        var (judge, _) = Judge("s\nb\nS\n");
        Triplet[] triplets = [NewTriplet(0), NewTriplet(1), NewTriplet(2)];

        IReadOnlyList<Judgment> answers = await judge.JudgeAsync(triplets);

        Judgment only = Assert.Single(answers);
        Assert.True(triplets[1].IsAnsweredBy(only));
        Assert.Equal([triplets[0], triplets[2]], JudgeAnswers.Declined(triplets, answers));
        Assert.False(judge.HasQuit);
    }

    [Fact]
    public async Task Quit_returns_the_answers_so_far_and_stops_asking()
    {
        var (judge, output) = Judge("a\nq\nb\nb\n");
        Triplet[] triplets = [NewTriplet(0), NewTriplet(1), NewTriplet(2)];

        IReadOnlyList<Judgment> answers = await judge.JudgeAsync(triplets);

        Assert.True(triplets[0].IsAnsweredBy(Assert.Single(answers)));
        Assert.True(judge.HasQuit);
        Assert.DoesNotContain("Question 3 of 3", output.ToString());
        Assert.Empty(await judge.JudgeAsync([NewTriplet(4)]));
    }

    [Fact]
    public async Task End_of_input_counts_as_quitting()
    {
        var (judge, _) = Judge("b\n");
        IReadOnlyList<Judgment> answers = await judge.JudgeAsync([NewTriplet(0), NewTriplet(1)]);
        Assert.Single(answers);
        Assert.True(judge.HasQuit);
    }

    [Fact]
    public async Task Items_without_text_are_shown_as_compact_numbers()
    {
        var output = new StringWriter();
        var judge = new ConsoleJudge("bo", new StringReader("a\n"), output, new FixedTimeProvider(T0));
        var triplet = new Triplet(
            new JudgedItem([0.1, -2.5]),
            new JudgedItem([1.0 / 3.0], Solution: Enumerable.Range(1, 12).Select(i => (double)i).ToArray()),
            new JudgedItem([7.0], Text: "line one\nline two"));

        await judge.JudgeAsync([triplet]);

        string shown = output.ToString();
        Assert.Contains("Reference: features [0.1, -2.5]", shown);
        Assert.Contains("A: features [0.3333]; solution [1, 2, 3, 4, 5, 6, 7, 8, … 4 more]", shown);
        Assert.Contains($"B: line one{Environment.NewLine}     line two", shown);
    }

    [Fact]
    public async Task Each_answer_is_handed_on_as_soon_as_it_is_given()
    {
        using var dir = new QualityDiversity.Learning.Tests.Judgments.TempDirectory();
        JudgmentSet set = JudgmentSet.Open(dir.File("human.jsonl"));
        using var cts = new CancellationTokenSource();
        var seen = new List<Judgment>();
        var judge = new ConsoleJudge("ana", new StringReader("a\nb\n"), new StringWriter(), new FixedTimeProvider(T0), onAnswer: j =>
        {
            set.Add(j);
            seen.Add(j);
            if (seen.Count == 2) cts.Cancel();
        });

        // Cancelled before the third question: the two answers given are already on disk.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await judge.JudgeAsync([NewTriplet(0), NewTriplet(1), NewTriplet(2)], cts.Token));

        Assert.Equal([TripletAnswer.A, TripletAnswer.B], JudgmentSet.Load(dir.File("human.jsonl")).Select(j => j.Answer));
    }

    [Fact]
    public void Person_name_is_required()
    {
        Assert.Throws<ArgumentException>(() => new ConsoleJudge(" ", new StringReader(""), new StringWriter()));
    }
}

using System.Text;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Tests.Judgments;

public class JudgmentSetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static Judgment Make(int i, JudgeKind kind = JudgeKind.Simulated, string name = "simulated") =>
        new(new JudgedItem([i, 0.5]), new JudgedItem([i + 0.25, 1.0]), new JudgedItem([i - 3.0, 2.0]),
            i % 2 == 0 ? TripletAnswer.A : TripletAnswer.B, kind, name, T0.AddSeconds(i));

    private static void AssertSameBits(double[]? expected, double[]? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
    }

    private static void AssertSameItem(JudgedItem expected, JudgedItem actual)
    {
        AssertSameBits(expected.Features, actual.Features);
        AssertSameBits(expected.Solution, actual.Solution);
        Assert.Equal(expected.Text, actual.Text);
    }

    private static void AssertSameJudgment(Judgment expected, Judgment actual)
    {
        AssertSameItem(expected.Reference, actual.Reference);
        AssertSameItem(expected.A, actual.A);
        AssertSameItem(expected.B, actual.B);
        Assert.Equal(expected.Answer, actual.Answer);
        Assert.Equal(expected.JudgeKind, actual.JudgeKind);
        Assert.Equal(expected.JudgeName, actual.JudgeName);
        Assert.Equal(expected.AnsweredAt.UtcTicks, actual.AnsweredAt.UtcTicks);
        Assert.Equal(expected.AnsweredAt.Offset, actual.AnsweredAt.Offset);
    }

    [Fact]
    public void FormatLine_is_the_line_the_file_holds_and_tells_answers_apart_bit_for_bit()
    {
        string path = Path.Combine(Path.GetTempPath(), $"judgments-{Guid.NewGuid():N}.jsonl");
        try
        {
            var set = JudgmentSet.Open(path);
            set.AddRange([Make(1), Make(2)]);

            Assert.Equal(new[] { JudgmentSet.FormatLine(Make(1)), JudgmentSet.FormatLine(Make(2)) }, File.ReadAllLines(path));
            Assert.Equal(JudgmentSet.FormatLine(Make(1)), JudgmentSet.FormatLine(JudgmentSet.Load(path)[0]));
            // The next double after a feature, another answer or another time is another line.
            var first = Make(1);
            var nudged = first with { A = new JudgedItem([Math.BitIncrement(1.25), 1.0]) };
            Assert.NotEqual(JudgmentSet.FormatLine(first), JudgmentSet.FormatLine(nudged));
            Assert.NotEqual(JudgmentSet.FormatLine(first), JudgmentSet.FormatLine(first with { Answer = TripletAnswer.A }));
            Assert.NotEqual(JudgmentSet.FormatLine(first), JudgmentSet.FormatLine(first with { AnsweredAt = first.AnsweredAt.AddTicks(1) }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Save_and_load_preserve_every_field_bit_exactly()
    {
        using var dir = new TempDirectory();
        double[] awkward =
        [
            0.1, 1e-300, -0.0, 0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            1.0 / 3.0, Math.PI, -2.5e-308, 123456789.123456789, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        ];
        var random = new Random(7);
        double[] randomBits = Enumerable.Range(0, 200)
            .Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64()))
            .Where(double.IsFinite)
            .ToArray();
        Judgment[] judgments =
        [
            new(new JudgedItem(awkward, Solution: [1e308, -1e-320], Text: "reference \"quoted\" \\ back\nnew line, é, 日本, 🙂"),
                new JudgedItem(randomBits, Solution: []),
                new JudgedItem([], Text: ""),
                TripletAnswer.B, JudgeKind.Human, "Ana María", new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5.5)).AddTicks(1234567)),
            new(new JudgedItem([1.0]), new JudgedItem([2.0]), new JudgedItem([3.0]), TripletAnswer.A, JudgeKind.Llm, "model-x", T0),
            new(new JudgedItem([1.0]), new JudgedItem([2.0]), new JudgedItem([3.0]), TripletAnswer.A, JudgeKind.Recorded, "", T0.AddTicks(1)),
            Make(5),
        ];

        string path = dir.File("judgments.jsonl");
        new JudgmentSet(judgments).Save(path);
        JudgmentSet loaded = JudgmentSet.Load(path);

        Assert.Empty(loaded.LoadWarnings);
        Assert.Null(loaded.FilePath);
        Assert.Equal(judgments.Length, loaded.Count);
        for (int i = 0; i < judgments.Length; i++) AssertSameJudgment(judgments[i], loaded[i]);

        // One judgment per line, newline-terminated, with the documented field names and answer spelling.
        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(judgments.Length + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.Contains("\"answer\":\"B\"", lines[0]);
        Assert.Contains("\"judgeKind\":\"Human\"", lines[0]);
        Assert.Contains("\"answeredAt\":\"2026-03-04T05:06:07.1234567-05:30\"", lines[0]);
        Assert.Contains("\"features\":[0.1,1E-300,-0,0,", lines[0]);
        Assert.Contains("\"NaN\",\"Infinity\",\"-Infinity\"]", lines[0]);
        Assert.DoesNotContain("\"solution\"", lines[1]);
        Assert.DoesNotContain("\"text\"", lines[1]);
    }

    [Fact]
    public void Open_appends_to_the_file_without_rewriting_earlier_lines()
    {
        using var dir = new TempDirectory();
        string path = dir.File("sub/dir/judgments.jsonl");

        JudgmentSet first = JudgmentSet.Open(path);
        Assert.Empty(first);
        Assert.False(File.Exists(path));
        first.Add(Make(0));
        first.AddRange([Make(1), Make(2)]);
        byte[] afterFirstRun = File.ReadAllBytes(path);

        JudgmentSet second = JudgmentSet.Open(path);
        Assert.Equal(3, second.Count);
        second.AddRange([Make(3, JudgeKind.Human, "bo"), Make(4, JudgeKind.Human, "bo")]);
        byte[] afterSecondRun = File.ReadAllBytes(path);
        Assert.True(afterSecondRun.AsSpan().StartsWith(afterFirstRun), "earlier lines must be kept byte for byte");

        JudgmentSet reloaded = JudgmentSet.Load(path);
        Assert.Equal(5, reloaded.Count);
        for (int i = 0; i < 5; i++) AssertSameJudgment(i < 3 ? Make(i) : Make(i, JudgeKind.Human, "bo"), reloaded[i]);

        // Loading detaches: adds to a loaded set stay in memory.
        reloaded.Add(Make(9));
        Assert.Equal(5, JudgmentSet.Load(path).Count);
    }

    [Fact]
    public void Invalid_judgment_is_rejected_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        JudgmentSet set = JudgmentSet.Open(path);
        set.Add(Make(0));
        var bad = Make(1) with { B = null! };

        var ex = Assert.Throws<ArgumentException>(() => set.AddRange([Make(2), bad]));
        Assert.Contains("item B is null", ex.Message);
        Assert.Single(set);
        Assert.Single(JudgmentSet.Load(path));
        Assert.Throws<ArgumentException>(() => set.Add(Make(3) with { Answer = (TripletAnswer)7 }));
        Assert.Throws<ArgumentException>(() => set.Add(Make(3) with { JudgeKind = (JudgeKind)9 }));
    }

    [Fact]
    public void Torn_last_line_is_skipped_with_a_warning_and_cut_off_by_the_next_append()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        new JudgmentSet([Make(0), Make(1), Make(2)]).Save(path);
        string whole = File.ReadAllText(path);
        // Simulate a crash half-way through writing a fourth line.
        string torn = JudgmentLine(Make(3));
        File.AppendAllText(path, torn[..(torn.Length / 2)]);

        JudgmentSet loaded = JudgmentSet.Load(path);
        Assert.Equal(3, loaded.Count);
        JudgmentLoadWarning warning = Assert.Single(loaded.LoadWarnings);
        Assert.Equal(4, warning.LineNumber);
        Assert.Equal(Path.GetFullPath(path), warning.FilePath);
        Assert.Contains("incomplete last line", warning.Message);
        Assert.StartsWith($"{Path.GetFullPath(path)}:4: ", warning.ToString());

        JudgmentSet opened = JudgmentSet.Open(path);
        Assert.Single(opened.LoadWarnings);
        opened.Add(Make(4));
        Assert.Equal(whole + JudgmentLine(Make(4)) + "\n", File.ReadAllText(path));
        JudgmentSet clean = JudgmentSet.Load(path);
        Assert.Empty(clean.LoadWarnings);
        Assert.Equal(4, clean.Count);
        AssertSameJudgment(Make(4), clean[3]);
    }

    [Fact]
    public void Zero_filled_tail_after_a_crash_is_reported_as_torn()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        new JudgmentSet([Make(0), Make(1)]).Save(path);
        using (var stream = new FileStream(path, FileMode.Append)) stream.Write(new byte[64]);

        JudgmentSet loaded = JudgmentSet.Load(path);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(3, Assert.Single(loaded.LoadWarnings).LineNumber);
    }

    [Fact]
    public void Complete_but_malformed_last_line_is_an_error_not_a_torn_line()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        new JudgmentSet([Make(0), Make(1)]).Save(path);
        File.AppendAllText(path, "{\"reference\":1}\n");

        var ex = Assert.Throws<JudgmentFormatException>(() => JudgmentSet.Load(path));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("'reference' must be an object, found a number", ex.Message);
    }

    [Fact]
    public void Append_after_a_complete_last_line_without_newline_starts_a_new_line()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        File.WriteAllText(path, JudgmentLine(Make(0)) + "\n\n" + JudgmentLine(Make(1)), new UTF8Encoding(true));

        JudgmentSet set = JudgmentSet.Open(path);
        Assert.Equal(2, set.Count);
        Assert.Empty(set.LoadWarnings);
        set.Add(Make(2));
        JudgmentSet reloaded = JudgmentSet.Load(path);
        Assert.Equal(3, reloaded.Count);
        AssertSameJudgment(Make(2), reloaded[2]);
    }

    [Fact]
    public void Torn_line_after_reload_with_other_appends_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        new JudgmentSet([Make(0)]).Save(path);
        File.AppendAllText(path, "{\"reference\":");
        JudgmentSet opened = JudgmentSet.Open(path);
        File.AppendAllText(path, "more bytes from elsewhere");

        Assert.Throws<IOException>(() => opened.Add(Make(1)));
        Assert.Single(opened);
    }

    [Theory]
    [InlineData("not json at all", "invalid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "missing property 'reference'")]
    [InlineData("{\"reference\":{\"features\":[0]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"C\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "'answer' must be \"A\" or \"B\", found \"C\"")]
    [InlineData("{\"reference\":{\"features\":[0,\"x\"]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "'reference.features'[1] must be a number")]
    [InlineData("{\"reference\":{\"features\":[0]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Robot\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "'judgeKind' must be")]
    [InlineData("{\"reference\":{\"features\":[0]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"yesterday\"}", "'answeredAt' is not an ISO 8601 timestamp")]
    [InlineData("{\"reference\":{\"features\":[1e999]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "out of the range of a double")]
    [InlineData("{\"reference\":{\"features\":[0]},\"reference\":{\"features\":[0]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "duplicate property 'reference'")]
    [InlineData("{\"reference\":{\"solution\":[0]},\"a\":{\"features\":[1]},\"b\":{\"features\":[2]},\"answer\":\"A\",\"judgeKind\":\"Human\",\"judgeName\":\"x\",\"answeredAt\":\"2026-01-01T00:00:00+00:00\"}", "missing property 'reference.features'")]
    public void Malformed_middle_line_throws_with_file_line_and_problem(string badLine, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        File.WriteAllText(path, JudgmentLine(Make(0)) + "\n" + JudgmentLine(Make(1)) + "\n" + badLine + "\n" + JudgmentLine(Make(2)) + "\n");

        var ex = Assert.Throws<JudgmentFormatException>(() => JudgmentSet.Load(path));
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(Path.GetFullPath(path), ex.FilePath);
        Assert.Contains(problem, ex.Problem);
        Assert.StartsWith($"{Path.GetFullPath(path)}:3: ", ex.Message);
        Assert.DoesNotContain("LineNumber: 0", ex.Message);
        Assert.Throws<JudgmentFormatException>(() => JudgmentSet.Open(path));
    }

    [Fact]
    public void Unknown_properties_and_blank_lines_are_tolerated()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        string line = JudgmentLine(Make(0));
        string extended = "{\"version\":2,\"extra\":{\"nested\":[1,{\"x\":null}]}," + line[1..].Replace("\"features\"", "\"note\":\"hi\",\"features\"");
        File.WriteAllText(path, "\r\n" + extended + "\r\n   \n" + line + "\n\n");

        JudgmentSet loaded = JudgmentSet.Load(path);
        Assert.Empty(loaded.LoadWarnings);
        Assert.Equal(2, loaded.Count);
        AssertSameJudgment(Make(0), loaded[0]);
        AssertSameJudgment(Make(0), loaded[1]);
    }

    [Fact]
    public void Load_of_a_missing_file_throws_but_open_starts_empty()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => JudgmentSet.Load(dir.File("none.jsonl")));
        JudgmentSet opened = JudgmentSet.Open(dir.File("none.jsonl"));
        Assert.Empty(opened);
        Assert.Equal(Path.GetFullPath(dir.File("none.jsonl")), opened.FilePath);
    }

    [Fact]
    public void Save_replaces_the_whole_file_atomically_and_clears_a_torn_tail()
    {
        using var dir = new TempDirectory();
        string path = dir.File("judgments.jsonl");
        new JudgmentSet([Make(0), Make(1), Make(2)]).Save(path);
        File.AppendAllText(path, "{\"refer");

        JudgmentSet opened = JudgmentSet.Open(path);
        opened.Save(path);
        Assert.Empty(JudgmentSet.Load(path).LoadWarnings);
        opened.Add(Make(3));
        Assert.Equal(4, JudgmentSet.Load(path).Count);

        new JudgmentSet([Make(7)]).Save(path);
        Assert.Single(JudgmentSet.Load(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Filters_select_by_kind_judge_and_predicate_in_order()
    {
        var set = new JudgmentSet(
        [
            Make(0), Make(1, JudgeKind.Human, "ana"), Make(2, JudgeKind.Llm, "m"), Make(3, JudgeKind.Human, "bo"), Make(4, JudgeKind.Human, "ana"),
        ]);

        Assert.Equal([1, 3, 4], set.OfKind(JudgeKind.Human).Select(j => (int)j.Reference.Features[0]));
        Assert.Equal([1, 4], set.ByJudge("ana").Select(j => (int)j.Reference.Features[0]));
        Assert.Equal([0, 2, 4], set.Filter(j => j.Answer == TripletAnswer.A).Select(j => (int)j.Reference.Features[0]));
        Assert.Null(set.OfKind(JudgeKind.Recorded).FilePath);
        Assert.Empty(set.OfKind(JudgeKind.Recorded));
    }

    [Fact]
    public void Ten_thousand_judgments_round_trip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("big.jsonl");
        var random = new Random(3);
        Judgment[] judgments = Enumerable.Range(0, 10_000).Select(i => new Judgment(
            new JudgedItem(Enumerable.Range(0, 16).Select(_ => random.NextDouble()).ToArray()),
            new JudgedItem(Enumerable.Range(0, 16).Select(_ => random.NextDouble()).ToArray()),
            new JudgedItem(Enumerable.Range(0, 16).Select(_ => random.NextDouble()).ToArray()),
            TripletAnswer.A, JudgeKind.Simulated, "simulated", T0)).ToArray();

        JudgmentSet.Open(path).AddRange(judgments);
        JudgmentSet loaded = JudgmentSet.Load(path);

        Assert.Equal(10_000, loaded.Count);
        AssertSameJudgment(judgments[0], loaded[0]);
        AssertSameJudgment(judgments[5_000], loaded[5_000]);
        AssertSameJudgment(judgments[9_999], loaded[9_999]);
    }

    private static string JudgmentLine(Judgment judgment)
    {
        using var dir = new TempDirectory();
        string path = dir.File("one.jsonl");
        new JudgmentSet([judgment]).Save(path);
        return File.ReadAllText(path).TrimEnd('\n');
    }
}

using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Tests.Export;

/// <summary>Sample dataset rows covering the awkward cases, and a bit-exact comparison.</summary>
internal static class ExportRows
{
    internal const string AwkwardText =
        "Ünïcödé ✓ 😀 日本語\nsecond line\r\nthird \"quoted\" and \\backslash\\ and\ttab, NUL \u0000, LS \u2028, {\"json\": [1]}";

    internal static List<EvaluatedText> Sample() =>
    [
        new EvaluatedText
        {
            Id = 0, Step = 0, Operator = "seed", ParentIds = [], Text = "Green beans are wonderful.",
            Status = "new", Quality = 0.1 + 0.2, Measures = [-0.0, double.Epsilon], Cell = 3,
            Annotations = [new("judge_mode", "softmax"), new("label", "positive")],
        },
        new EvaluatedText
        {
            Id = 1, Step = 1, Operator = "lmx", ParentIds = [0, 7, 9], Text = null,
            Status = "generation_failed", Failure = "HTTP 429 \"Too Many Requests\"\nretry after 3 s",
        },
        new EvaluatedText
        {
            Id = long.MaxValue, Step = 2, Operator = "rewrite", ParentIds = [long.MinValue, 5], Text = AwkwardText,
            Status = "improved", Quality = double.MaxValue, Measures = [1e-300, double.NaN, 0.7], Cell = int.MaxValue,
            Annotations = [new("raw answer", "{\"a\": 1}\nthen \"more\""), new("é", "")],
        },
        new EvaluatedText
        {
            Id = 3, Step = 2, Operator = "lmx", ParentIds = [1], Text = "", Status = "evaluation_failed",
            Failure = "judge answered nonsense", Quality = double.NaN, Measures = [], Cell = -1,
        },
        new EvaluatedText
        {
            Id = 4, Step = 3, Operator = "lmx", ParentIds = [3, 3], Text = "Peas.", Status = "not_added",
            Quality = double.PositiveInfinity, Measures = [double.NegativeInfinity, -1.5e-300, 123456789.123456789], Cell = 0,
            Annotations = [new("k", "v")],
        },
    ];

    internal static void AssertSame(IReadOnlyList<EvaluatedText> expected, IReadOnlyList<EvaluatedText> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) AssertSame(expected[i], actual[i]);
    }

    internal static void AssertSame(EvaluatedText expected, EvaluatedText actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Step, actual.Step);
        Assert.Equal(expected.Operator, actual.Operator);
        Assert.Equal(expected.ParentIds, actual.ParentIds);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Failure, actual.Failure);
        Assert.Equal(Bits(expected.Quality), Bits(actual.Quality));
        Assert.Equal(expected.Measures.Select(Bits), actual.Measures.Select(Bits));
        Assert.Equal(expected.Cell, actual.Cell);
        Assert.Equal(expected.Annotations, actual.Annotations);
    }

    internal static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}

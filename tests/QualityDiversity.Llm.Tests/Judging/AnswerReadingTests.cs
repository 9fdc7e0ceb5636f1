using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Variation;

namespace QualityDiversity.Llm.Tests.Judging;

public class AnswerReadingTests
{
    private static TokenLogprob Token(string token, double lp, params (string T, double Lp)[] top) =>
        new(token, lp, top.Select(t => new TokenAlternative(t.T, t.Lp)).ToArray());

    [Fact]
    public void Option_probability_is_the_softmax_of_the_two_options()
    {
        var tokens = new[] { Token("positive", Math.Log(0.6), ("positive", Math.Log(0.6)), (" negative", Math.Log(0.2)), ("neutral", Math.Log(0.1))) };
        Assert.Equal(0.75, OptionProbability.FromLogprobs(tokens, "positive", "negative")!.Value, 12);
    }

    [Fact]
    public void Option_probability_sums_case_and_space_variants_and_accepts_prefix_tokens()
    {
        var tokens = new[] { Token("Yes", Math.Log(0.5), ("Yes", Math.Log(0.5)), (" yes", Math.Log(0.1)), ("No", Math.Log(0.3)), ("no", Math.Log(0.1))) };
        Assert.Equal(0.6, OptionProbability.FromLogprobs(tokens, "yes", "no")!.Value, 12);
        var split = new[] { Token("hor", Math.Log(0.3), ("hor", Math.Log(0.3)), ("rom", Math.Log(0.6))) };
        Assert.Equal(1.0 / 3, OptionProbability.FromLogprobs(split, "horror", "romance")!.Value, 12);
    }

    [Fact]
    public void Leading_whitespace_tokens_are_skipped_and_prose_gives_no_probability()
    {
        var tokens = new[] { Token("\n", -0.01), Token("A", Math.Log(0.9), ("A", Math.Log(0.9)), ("B", Math.Log(0.1))) };
        Assert.Equal(0.9, OptionProbability.FromLogprobs(tokens, "A", "B")!.Value, 12);
        var prose = new[] { Token("The", -0.1, ("The", -0.1), ("This", -2.5)) };
        Assert.Null(OptionProbability.FromLogprobs(prose, "positive", "negative"));
        Assert.Null(OptionProbability.FromLogprobs([], "positive", "negative"));
    }

    [Fact]
    public void Tokens_that_prefix_both_options_do_not_count()
    {
        var tokens = new[] { Token("s", Math.Log(0.5), ("s", Math.Log(0.5)), ("sad", Math.Log(0.2)), ("sunny", Math.Log(0.2))) };
        Assert.Equal(0.5, OptionProbability.FromLogprobs(tokens, "sunny", "sad")!.Value, 12);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("Rating: 8/10", 8)]
    [InlineData("I'd say 6.5 overall", 6.5)]
    public void First_number_is_found(string answer, double expected)
    {
        Assert.True(AnswerParsing.TryFirstNumber(answer, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Json_fields_are_found_inside_prose_and_code_fences()
    {
        Assert.True(AnswerParsing.TryJsonField("Sure! ```json\n{\"rating\": 9}\n```", "rating", out var rating));
        Assert.Equal("9", rating);
        Assert.True(AnswerParsing.TryJsonField("{\"Label\": \"sonnet\"}", "label", out var label));
        Assert.Equal("sonnet", label);
        Assert.False(AnswerParsing.TryJsonField("{rating: nine", "rating", out _));
    }

    [Fact]
    public void Labels_are_matched_whole_and_ambiguity_is_refused()
    {
        string[] labels = ["haiku", "sonnet", "ballad"];
        Assert.Equal(1, AnswerParsing.FindLabel("Sonnet.", labels));
        Assert.Equal(2, AnswerParsing.FindLabel("This poem is a ballad", labels));
        Assert.Equal(-1, AnswerParsing.FindLabel("haiku or sonnet", labels));
        Assert.Equal(-1, AnswerParsing.FindLabel("a haikus collection", labels));
        Assert.Equal(-1, AnswerParsing.FindLabel("", labels));
    }

    [Fact]
    public void Completions_are_cut_at_the_separator_or_a_repeated_header()
    {
        const string header = "Here is a random opinion piece about tea:";
        Assert.Equal("Tea is great.", Completion.CutAt("Tea is great.\n###\nHere is", "###", header));
        Assert.Equal("Tea is great.", Completion.CutAt(header + "\nTea is great.", "###", header));
        Assert.Equal("Tea is fine.", Completion.CutAt("Tea is fine.\n" + header + "\nMore tea.", "###", header));
        Assert.Equal("", Completion.CutAt("###", "###", header));
    }

    [Fact]
    public void Lmx_prompts_list_examples_between_headers_and_end_with_the_header()
    {
        var prompt = new LmxVariation(new NoCallClient(), new QualityDiversity.Text.Selection.SeedSelector(false), "Header:").BuildPrompt(["one", "two"]);
        Assert.Equal("Header:\none\n###\nHeader:\ntwo\n###\nHeader:\n", prompt);
    }

    [Fact]
    public void Reference_prompts_put_a_space_after_the_header_and_end_with_the_bare_header()
    {
        var prompt = new LmxVariation(new NoCallClient(), new QualityDiversity.Text.Selection.SeedSelector(false), "Header:", LmxOptions.Reference(LlmApi.Completions))
            .BuildPrompt(["one.", " two. "]);
        Assert.Equal("Header: one.\n###\nHeader: two.\n###\nHeader:", prompt);
    }

    [Theory]
    [InlineData(" I like peas\nHere is another", "I like peas.")]
    [InlineData(" Peas are great.", "Peas are great.")]
    [InlineData(" Peas! Great!# tail", "Peas! Great!.")]
    [InlineData("  \n###", "")]
    [InlineData(" Peas @@@ carrots", "Peas.")]
    public void Reference_cleaning_keeps_one_paragraph_ending_in_a_full_stop(string completion, string expected) =>
        Assert.Equal(expected, Completion.OneParagraph(completion, LmxVariation.ReferenceStops));

    private sealed class NoCallClient : ILlmClient
    {
        public string Model => "none";

        public LlmUsage Usage { get; } = new();

        public Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Building a prompt must not call the model.");
    }
}

using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Tests.Client;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Judging;

/// <summary>Each judge against scripted answers through the real connector.</summary>
public sealed class JudgeTests
{
    private static async Task<(LoopbackChatServer Server, SemanticKernelLlmClient Client)> Serve(Func<ChatRequest, ChatReply> answer)
    {
        var server = await LoopbackChatServer.StartAsync(answer);
        return (server, new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server)));
    }

    [Fact]
    public async Task A_binary_judge_reads_log_probabilities_first()
    {
        var (server, client) = await Serve(_ => ChatReply.Text("Positive").WithLogprobs(ReplyToken.Of("Positive", Math.Log(0.7), ("Positive", Math.Log(0.7)), ("Negative", Math.Log(0.3)))));
        await using (server)
        using (client)
        {
            var score = await new BinaryQuestionJudge(client, "sentiment", "Sentiment?", "positive", "negative").ScoreAsync("Nice.", default);
            Assert.Equal(0.7, score.Value, 5);
            Assert.Equal("logprobs", score.Mode);
            var sent = Assert.Single(server.ChatRequests);
            Assert.True(sent.Logprobs);
            Assert.Equal(0.0, sent.Temperature);
            Assert.Contains("### Instruction:", sent.LastUserMessage);
            Assert.Contains("### Input:\nNice.", sent.LastUserMessage);
        }
    }

    [Theory]
    [InlineData("800", 0.8, "verbal_number")]
    [InlineData("7", 0.007, "verbal_number")]
    [InlineData("0.25", 0.25, "verbal_number")]
    [InlineData("Probability: 5%", 0.05, "verbal_number")]
    [InlineData("negative", 0.0, "verbal_label")]
    public async Task Without_log_probabilities_the_verbal_answer_is_parsed_and_the_mode_recorded(string verbal, double expected, string mode)
    {
        var (server, client) = await Serve(r => ChatReply.Text(r.Logprobs == true ? "I think" : verbal));
        await using (server)
        using (client)
        {
            var score = await new BinaryQuestionJudge(client, "sentiment", "Sentiment?", "positive", "negative").ScoreAsync("Meh.", default);
            Assert.True(score.Succeeded, score.Failure);
            Assert.Equal(expected, score.Value, 9);
            Assert.Equal(mode, score.Mode);
            Assert.Equal(2, server.TotalRequests);
        }
    }

    [Fact]
    public async Task Logprobs_only_mode_fails_instead_of_guessing_and_unreadable_answers_fail()
    {
        var (server, client) = await Serve(_ => ChatReply.Text("no idea at all"));
        await using (server)
        using (client)
        {
            var strict = await new BinaryQuestionJudge(client, "sentiment", "Sentiment?", "positive", "negative", JudgeMode.Logprobs).ScoreAsync("x", default);
            Assert.False(strict.Succeeded);
            Assert.Contains("no log-probabilities", strict.Failure);
            var verbal = await new BinaryQuestionJudge(client, "sentiment", "Sentiment?", "positive", "negative", JudgeMode.Verbal).ScoreAsync("x", default);
            Assert.False(verbal.Succeeded);
            Assert.Contains("no idea at all", verbal.Failure);
        }
    }

    [Theory]
    [InlineData("{\"rating\": 7}", 7, "json")]
    [InlineData("```json\n{\"rating\": \"9\"}\n```", 9, "json")]
    [InlineData("I would give it 6/10.", 6, "number")]
    public async Task Ratings_are_read_from_json_or_the_first_number(string answer, double expected, string mode)
    {
        var (server, client) = await Serve(_ => ChatReply.Text(answer));
        await using (server)
        using (client)
        {
            var score = await new RatingJudge(client, "How good is this poem?").ScoreAsync("roses", default);
            Assert.Equal(expected, score.Value);
            Assert.Equal(mode, score.Mode);
        }
    }

    [Theory]
    [InlineData("{\"rating\": 12}", "outside 1")]
    [InlineData("It is lovely.", "No rating")]
    public async Task Ratings_out_of_range_or_missing_fail(string answer, string expected)
    {
        var (server, client) = await Serve(_ => ChatReply.Text(answer));
        await using (server)
        using (client)
            Assert.Contains(expected, (await new RatingJudge(client, "How good?").ScoreAsync("roses", default)).Failure);
    }

    [Fact]
    public async Task Categorical_judges_give_the_label_index_and_refuse_ambiguity()
    {
        string[] labels = ["haiku", "sonnet", "ballad"];
        var (server, client) = await Serve(r => ChatReply.Text(r.LastUserMessage.Contains("frog") ? "{\"label\": \"Haiku\"}" : r.LastUserMessage.Contains("love") ? "Sonnet." : "a haiku or a ballad"));
        await using (server)
        using (client)
        {
            var judge = new CategoricalJudge(client, "genre", "Which genre?", labels);
            Assert.Equal(0, (await judge.ScoreAsync("old pond, a frog", default)).Value);
            var bare = await judge.ScoreAsync("shall I compare thee, my love", default);
            Assert.Equal(1, bare.Value);
            Assert.Equal("label", bare.Mode);
            var ambiguous = await judge.ScoreAsync("something else", default);
            Assert.False(ambiguous.Succeeded);
            Assert.Contains("none (or several)", ambiguous.Failure);
        }
    }

    [Fact]
    public void Judges_refuse_meaningless_definitions()
    {
        var client = new SemanticKernelLlmClient(new LlmOptions { Endpoint = new Uri("http://127.0.0.1:9/v1/"), Model = "m" });
        Assert.Throws<ArgumentException>(() => new BinaryQuestionJudge(client, "x", "q?", "Yes", "yes"));
        Assert.Throws<ArgumentException>(() => new CategoricalJudge(client, "x", "q?", ["a"]));
        Assert.Throws<ArgumentException>(() => new CategoricalJudge(client, "x", "q?", ["a", "A"]));
        client.Dispose();
    }
}

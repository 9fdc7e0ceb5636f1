using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Tests.Client;
using QualityDiversity.Testing;
using QualityDiversity.Text.Domains;

namespace QualityDiversity.Llm.Tests.Judging;

/// <summary>Every scoring path of the binary judge reaches every one of QDAIF's 20 sentiment bins, and records itself.</summary>
public sealed class ScoringPathTests
{
    private const string Instruction = "Determine the sentiment of the given opinion (from the input text) by writing \"positive\" or \"negative\" in the output.";

    private static readonly GridAxis Bins = GridAxis.FromEdges(QdaifBins.OneAxis, "sentiment");

    // The text to judge names the probability the simulated judge should give it.
    private static double Target(string prompt)
    {
        int at = prompt.IndexOf("p=", StringComparison.Ordinal);
        return double.Parse(prompt[(at + 2)..prompt.IndexOf(';', at)], CultureInfo.InvariantCulture);
    }

    private static string TextFor(double p) => string.Create(CultureInfo.InvariantCulture, $"An opinion with p={p:R}; nothing else.");

    private static ChatReply Chat(ChatRequest request)
    {
        double p = Target(request.LastUserMessage);
        if (request.LastUserMessage.Contains("from 0 to 1000", StringComparison.Ordinal))
            return ChatReply.Text(Math.Round(1000 * p, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture));
        return ChatReply.Text(p >= 0.5 ? "positive" : "negative").WithLogprobs(ReplyToken.FromDistribution([new("positive", p), new("negative", 1 - p)]));
    }

    private static ChatReply Completion(CompletionRequest request)
    {
        double p = Target(request.Prompt);
        int answer = request.Prompt.LastIndexOf("### Response:", StringComparison.Ordinal) + "### Response:".Length;
        if (request.Echo)
        {
            string option = request.Prompt[answer..].Trim();
            return ChatReply.Text("").WithEcho(LoopbackTokens.Echo(request.Prompt, answer, Math.Log(option == "positive" ? p : 1 - p)));
        }
        return ChatReply.Text(" \n" + (p >= 0.5 ? "positive" : "negative"))
            .WithLogprobs(ReplyToken.Of(" \n", 0, (" \n", 0)), ReplyToken.FromDistribution([new("positive", p), new("negative", 1 - p)]));
    }

    public static TheoryData<string, JudgeMode, LlmApi> Paths => new()
    {
        { "option_logprobs", JudgeMode.OptionLogprobs, LlmApi.Completions },
        { "logprobs", JudgeMode.Logprobs, LlmApi.Chat },
        { "logprobs", JudgeMode.Logprobs, LlmApi.Completions },
        { "verbal_number", JudgeMode.Verbal, LlmApi.Chat },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_sentiment_bin_is_reachable(string path, JudgeMode mode, LlmApi api)
    {
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.From(Chat, Completion));
        using var client = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server));
        var judge = new BinaryQuestionJudge(client, "sentiment", Instruction, "positive", "negative",
            new BinaryJudgeOptions { Mode = mode, Api = api, Style = JudgeStyle.Reference, TopLogprobs = 20 });
        var reached = new List<int>();
        for (int bin = 0; bin < Bins.Bins; bin++)
        {
            double p = (Bins.Edges[bin] + Bins.Edges[bin + 1]) / 2;
            var score = await judge.ScoreAsync(TextFor(p), default);
            Assert.True(score.Succeeded, score.Failure);
            Assert.Equal(path, score.Mode);
            reached.Add(Bins.BinOf(score.Value));
        }
        Assert.Equal(Enumerable.Range(0, 20), reached);
    }

    [Fact]
    public void A_verbal_answer_on_the_old_0_to_100_scale_could_not_reach_three_bins_and_the_0_to_1000_scale_reaches_them()
    {
        // [.005, .01), [.015, .02) and [.985, .99) hold no multiple of 0.01.
        foreach (int bin in new[] { 1, 3, 17 })
        {
            Assert.DoesNotContain(Enumerable.Range(0, 101), k => Bins.BinOf(k / 100.0) == bin);
            Assert.Contains(Enumerable.Range(0, 1001), k => BinaryQuestionJudge.TryReadProbability(k.ToString(CultureInfo.InvariantCulture), out double p) && Bins.BinOf(p) == bin);
        }
    }

    [Fact]
    public async Task Auto_scores_whole_options_first_and_falls_back_to_the_first_token_once_echo_is_refused()
    {
        int echoes = 0;
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.From(Chat, request =>
        {
            if (!request.Echo) return Completion(request);
            Interlocked.Increment(ref echoes);
            return ChatReply.Status(400);
        }));
        using var client = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server));
        var judge = new BinaryQuestionJudge(client, "sentiment", Instruction, "positive", "negative",
            new BinaryJudgeOptions { Mode = JudgeMode.Auto, Api = LlmApi.Completions, Style = JudgeStyle.Reference, TopLogprobs = 20 });
        var first = await judge.ScoreAsync(TextFor(0.3), default);
        var second = await judge.ScoreAsync(TextFor(0.7), default);
        Assert.Equal(("logprobs", 0.3), (first.Mode, Math.Round(first.Value, 9)));
        Assert.Equal(("logprobs", 0.7), (second.Mode, Math.Round(second.Value, 9)));
        // The two answer strings of the first text were tried; the second text went straight to the fallback.
        Assert.Equal(2, echoes);

        await using var full = await LoopbackChatServer.StartAsync(ChatResponder.From(Chat, Completion));
        using var fullClient = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(full));
        var scored = await new BinaryQuestionJudge(fullClient, "sentiment", Instruction, "positive", "negative",
            new BinaryJudgeOptions { Api = LlmApi.Completions, Style = JudgeStyle.Reference }).ScoreAsync(TextFor(0.0123), default);
        Assert.Equal("option_logprobs", scored.Mode);
        Assert.Equal(0.0123, scored.Value, 9);
    }

    [Fact]
    public void Whole_option_scoring_needs_the_completions_route()
    {
        var client = new SemanticKernelLlmClient(new LlmOptions { Endpoint = new Uri("http://127.0.0.1:9/v1/"), Model = "m" });
        var e = Assert.Throws<ArgumentException>(() => new BinaryQuestionJudge(client, "s", "q", "a", "b", new BinaryJudgeOptions { Mode = JudgeMode.OptionLogprobs }));
        Assert.Contains("completions route", e.Message);
        client.Dispose();
    }
}

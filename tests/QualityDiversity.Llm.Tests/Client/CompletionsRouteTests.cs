using System.Text.Json;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Client;

/// <summary>The completions route (base models, scored continuations) through our client against the loopback server.</summary>
public sealed class CompletionsRouteTests
{
    private static async Task<(LoopbackChatServer Server, SemanticKernelLlmClient Client)> Serve(Func<CompletionRequest, ChatReply> answer, int echoMaxTokens = 0)
    {
        var server = await LoopbackChatServer.StartAsync(ChatResponder.From(_ => ChatReply.Status(500), answer));
        return (server, new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server) with { EchoMaxTokens = echoMaxTokens }));
    }

    [Fact]
    public async Task A_raw_prompt_is_continued_with_every_parameter_on_the_wire_and_no_chat_template()
    {
        var (server, client) = await Serve(_ => ChatReply.Text(" Carrots are sweet", finishReason: "stop", promptTokens: 9, completionTokens: 4));
        await using (server)
        using (client)
        {
            string[] stops = ["\n", "#", "\nHere"];
            var result = await client.CompleteAsync(new LlmRequest { Prompt = "Here is a text:", Temperature = 0.8, MaxTokens = 50, Stop = stops, Seed = 7, TopP = 0.9 });
            Assert.True(result.Succeeded, result.Failure);
            Assert.Equal(" Carrots are sweet", result.Answer!.Text);
            Assert.Equal((9, 4), (result.Answer.PromptTokens, result.Answer.CompletionTokens));
            Assert.Null(result.Answer.ContinuationLogprob);

            var sent = Assert.Single(server.CompletionRequests);
            Assert.Equal("/v1/completions", sent.Path);
            Assert.Empty(server.ChatRequests);
            Assert.Equal(["model", "prompt", "max_tokens", "temperature", "top_p", "stop", "seed"], sent.Json.EnumerateObject().Select(p => p.Name));
            Assert.Equal("loopback-model", sent.Model);
            Assert.Equal("Here is a text:", sent.Prompt);
            Assert.Equal(50, sent.MaxTokens);
            Assert.Equal(0.8, sent.Temperature);
            Assert.Equal(0.9, sent.TopP);
            Assert.Equal(stops, sent.Stop);
            Assert.Equal(7, sent.Seed);
            Assert.False(sent.Echo);
            Assert.Equal(1, client.Usage.Snapshot().Calls);
        }
    }

    [Fact]
    public async Task A_continuation_is_scored_from_the_echoed_prompt_log_probabilities_of_its_tokens()
    {
        const string prompt = "### Response:";
        var (server, client) = await Serve(r => ChatReply.Text("").WithEcho(LoopbackTokens.Echo(r.Prompt, prompt.Length, Math.Log(0.3))));
        await using (server)
        using (client)
        {
            var result = await client.CompleteAsync(new LlmRequest { Prompt = prompt, Continuation = " \npositive" });
            Assert.True(result.Succeeded, result.Failure);
            Assert.Equal(Math.Log(0.3), result.Answer!.ContinuationLogprob!.Value, 12);
            var sent = Assert.Single(server.CompletionRequests);
            Assert.Equal(["model", "prompt", "max_tokens", "temperature", "echo", "logprobs"], sent.Json.EnumerateObject().Select(p => p.Name));
            Assert.Equal("### Response: \npositive", sent.Prompt);
            Assert.True(sent.Echo);
            Assert.Equal(0, sent.MaxTokens);
            Assert.Equal(1, sent.Logprobs);
            Assert.Equal(0.0, sent.Temperature);
        }
    }

    [Fact]
    public async Task Tokens_generated_after_the_continuation_are_ignored_and_a_straddling_token_counts()
    {
        // A server that refuses max_tokens 0 is given 1 and generates a token, which must not count.
        var (server, client) = await Serve(r => ChatReply.Text(" x").WithEcho(
            [ReplyToken.Of("Q", -9), ReplyToken.Of(": \n", -0.5), ReplyToken.Of("yes", -0.25)]).WithLogprobs(ReplyToken.Of(" x", -3)), echoMaxTokens: 1);
        await using (server)
        using (client)
        {
            var result = await client.CompleteAsync(new LlmRequest { Prompt = "Q:", Continuation = " \nyes" });
            Assert.True(result.Succeeded, result.Failure);
            // ": \n" starts in the prompt and ends in the continuation: its probability is conditioned on "Q" only, so it counts.
            Assert.Equal(-0.75, result.Answer!.ContinuationLogprob!.Value, 12);
            Assert.Equal(1, Assert.Single(server.CompletionRequests).MaxTokens);
        }
    }

    [Fact]
    public async Task A_server_that_does_not_echo_or_has_no_completions_route_fails_with_a_reason()
    {
        // A server that echoes without log-probabilities, and one that ignores echo altogether.
        var (server, client) = await Serve(r => r.Prompt.StartsWith("A", StringComparison.Ordinal)
            ? ChatReply.Text(" yes")
            : ChatReply.Malformed("""{"id":"x","object":"text_completion","choices":[{"index":0,"text":" yes","logprobs":null,"finish_reason":"length"}]}"""));
        await using (server)
        using (client)
        {
            var silent = await client.CompleteAsync(new LlmRequest { Prompt = "A:", Continuation = " yes" });
            Assert.False(silent.Succeeded);
            Assert.Contains("no log-probabilities for the echoed prompt", silent.Failure);
            var ignored = await client.CompleteAsync(new LlmRequest { Prompt = "B:", Continuation = " yes" });
            Assert.Contains("did not echo", ignored.Failure);
            Assert.Equal(2, client.Usage.Snapshot().Failures);
        }
        await using var chatOnly = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("hi"));
        using var chatClient = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(chatOnly));
        var missing = await chatClient.CompleteAsync(new LlmRequest { Prompt = "Q:" });
        Assert.StartsWith("HTTP 404", missing.Failure);
    }

    [Fact]
    public async Task The_completions_route_shares_the_retries_the_concurrency_limit_and_the_usage_counts()
    {
        int calls = 0;
        var (server, client) = await Serve(_ => Interlocked.Increment(ref calls) == 1
            ? ChatReply.TooManyRequests(TimeSpan.Zero)
            : ChatReply.Text(" fine", promptTokens: 3, completionTokens: 2).WithDelay(TimeSpan.FromMilliseconds(100)));
        await using (server)
        using (client)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.CompleteAsync(new LlmRequest { Prompt = $"p{i}" })));
            Assert.All(results, r => Assert.True(r.Succeeded, r.Failure));
            var usage = client.Usage.Snapshot();
            Assert.Equal((12L, 1L, 36L, 24L), (usage.Calls, usage.Retries, usage.PromptTokens, usage.CompletionTokens));
            Assert.Equal(4, server.MaxInFlight); // the options allow 4 at once
        }
    }

    [Fact]
    public void OpenAI_hosts_get_at_most_four_stop_sequences_and_other_hosts_all_of_them()
    {
        string[] stops = ["a", "b", "c", "d", "e", "f"];
        var request = new LlmRequest { Prompt = "p", Stop = stops };
        foreach (var (host, expected) in new[] { ("https://api.openai.com/v1/", 4), ("http://localhost:8000/v1/", 6) })
        {
            var options = new LlmOptions { Endpoint = new Uri(host), Model = "m" };
            using var body = JsonDocument.Parse(CompletionsWire.Body(request, options));
            Assert.Equal(stops.Take(expected), body.RootElement.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public void Cache_keys_tell_the_routes_apart_and_chat_keys_are_those_of_earlier_builds()
    {
        var chat = new LlmRequest { Messages = [ChatTurn.User("hello")] };
        // The key earlier builds gave this request: caches they wrote still serve chat answers.
        Assert.Equal("18af887a15019a58e458f27425d9be44e7da605d11d612a3ee6acc8022b54b1d", LlmCacheKey.Of("m", chat, 0.8, 100));
        string completion = LlmCacheKey.Of("m", new LlmRequest { Prompt = "hello" }, 0.8, 100);
        string scored = LlmCacheKey.Of("m", new LlmRequest { Prompt = "hello", Continuation = " yes" }, 0.8, 100);
        string other = LlmCacheKey.Of("m", new LlmRequest { Prompt = "hello", Continuation = " no" }, 0.8, 100);
        Assert.Equal(4, new[] { LlmCacheKey.Of("m", chat, 0.8, 100), completion, scored, other }.Distinct().Count());
        Assert.NotEqual(completion, LlmCacheKey.Of("m", new LlmRequest { Prompt = "hello", TopP = 0.95 }, 0.8, 100));
    }

    [Fact]
    public void Scored_continuations_persist_in_the_cache()
    {
        var dir = Directory.CreateTempSubdirectory("qd-completions-cache-");
        try
        {
            string path = Path.Combine(dir.FullName, "cache.jsonl");
            using (var cache = LlmAnswerCache.Open(path)) cache.Put("k", "m", "quality", new LlmAnswer { Text = "", ContinuationLogprob = -1.25 });
            using var reopened = LlmAnswerCache.Open(path);
            Assert.True(reopened.TryGet("k", out var back));
            Assert.Equal(-1.25, back.ContinuationLogprob);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(null, null, "at least one message")]
    [InlineData("p", "", "must not be empty")]
    public void Malformed_requests_are_refused_with_the_field_named(string? prompt, string? continuation, string expected)
    {
        var request = new LlmRequest { Prompt = prompt, Continuation = continuation };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(request.Validate).Message);
        Assert.Contains("not both", Assert.Throws<ArgumentException>(new LlmRequest { Prompt = "p", Messages = [ChatTurn.User("u")] }.Validate).Message);
    }
}

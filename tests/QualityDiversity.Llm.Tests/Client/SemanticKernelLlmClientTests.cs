using System.Diagnostics;
using QualityDiversity.Llm.Client;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Client;

/// <summary>The Semantic Kernel OpenAI connector, through our client, against a loopback chat-completions server.</summary>
public sealed class SemanticKernelLlmClientTests
{
    internal static LlmOptions Options(LoopbackChatServer server, int concurrency = 4, int retries = 3, double timeoutSeconds = 10) => new()
    {
        Endpoint = server.BaseUri,
        Model = "loopback-model",
        MaxConcurrency = concurrency,
        MaxRetries = retries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromSeconds(5),
    };

    private static LlmRequest Ask(string text, bool logprobs = false) => new()
    {
        Messages = [ChatTurn.System("Be brief."), ChatTurn.User(text)],
        Temperature = 0.3,
        MaxTokens = 17,
        Logprobs = logprobs,
        TopLogprobs = 3,
        Stop = ["###"],
        Seed = 42,
    };

    [Fact]
    public async Task Answers_carry_text_usage_and_log_probabilities_and_requests_carry_every_parameter()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("positive", promptTokens: 11, completionTokens: 1)
            .WithLogprobs(ReplyToken.Of("positive", Math.Log(0.8), ("positive", Math.Log(0.8)), ("negative", Math.Log(0.15)))));
        using var client = new SemanticKernelLlmClient(Options(server));
        var result = await client.CompleteAsync(Ask("Is this nice?", logprobs: true));

        Assert.True(result.Succeeded, result.Failure);
        var answer = result.Answer!;
        Assert.Equal("positive", answer.Text);
        Assert.Equal(11, answer.PromptTokens);
        Assert.Equal(1, answer.CompletionTokens);
        Assert.Equal("stop", answer.FinishReason);
        Assert.Equal(Math.Log(0.15), answer.Logprobs[0].Top[1].Logprob, 6); // the SDK carries log-probabilities as floats
        Assert.Equal("negative", answer.Logprobs[0].Top[1].Token);

        var sent = Assert.Single(server.ChatRequests);
        Assert.Equal("loopback-model", sent.Model);
        Assert.Equal(["system", "user"], sent.Messages.Select(m => m.Role));
        Assert.Equal("Is this nice?", sent.LastUserMessage);
        Assert.Equal(0.3, sent.Temperature!.Value, 6);
        Assert.Equal(17, sent.MaxTokens);
        Assert.True(sent.Logprobs);
        Assert.Equal(3, sent.TopLogprobs);
        Assert.Equal(42, sent.Seed);
        Assert.Equal(["###"], sent.Stop);

        var usage = client.Usage.Snapshot();
        Assert.Equal(1, usage.Calls);
        Assert.Equal(11, usage.PromptTokens);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After()
    {
        int calls = 0;
        await using var server = await LoopbackChatServer.StartAsync(_ =>
            Interlocked.Increment(ref calls) == 1 ? ChatReply.TooManyRequests(TimeSpan.FromSeconds(1)) : ChatReply.Text("fine"));
        using var client = new SemanticKernelLlmClient(Options(server));
        var clock = Stopwatch.StartNew();
        var result = await client.CompleteAsync(Ask("hello"));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(2, server.TotalRequests);
        var times = server.Requests.Select(r => r.Time).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
        Assert.Equal(1, client.Usage.Retries);
        Assert.Equal(1, client.Usage.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_connector_adds_no_retries_of_its_own()
    {
        int calls = 0;
        await using var server = await LoopbackChatServer.StartAsync(_ =>
            Interlocked.Increment(ref calls) <= 2 ? ChatReply.ServerError() : ChatReply.Text("third time lucky"));
        using var client = new SemanticKernelLlmClient(Options(server, retries: 3));
        var result = await client.CompleteAsync(Ask("hello"));
        Assert.Equal("third time lucky", result.Answer!.Text);
        Assert.Equal(3, server.TotalRequests);
        Assert.Equal(2, client.Usage.Retries);
    }

    [Fact]
    public async Task Exhausted_retries_become_a_recorded_failure_not_an_exception()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        using var client = new SemanticKernelLlmClient(Options(server, retries: 2));
        var result = await client.CompleteAsync(Ask("hello"));
        Assert.False(result.Succeeded);
        Assert.Contains("503", result.Failure);
        Assert.Equal(3, server.TotalRequests);
        Assert.Equal(1, client.Usage.Failures);
    }

    [Fact]
    public async Task Client_errors_other_than_429_are_not_retried()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Status(400, "{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\"}}"));
        using var client = new SemanticKernelLlmClient(Options(server, retries: 3));
        var result = await client.CompleteAsync(Ask("hello"));
        Assert.Contains("400", result.Failure);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task Malformed_json_and_refusals_are_failures_with_reasons()
    {
        await using var malformed = await LoopbackChatServer.StartAsync(_ => ChatReply.Malformed("{\"choices\": [ {\"message\": "));
        using (var client = new SemanticKernelLlmClient(Options(malformed)))
        {
            var result = await client.CompleteAsync(Ask("hello"));
            Assert.False(result.Succeeded);
            Assert.False(string.IsNullOrWhiteSpace(result.Failure));
        }
        await using var refusing = await LoopbackChatServer.StartAsync(_ => ChatReply.Refused("I cannot help with that."));
        using (var client = new SemanticKernelLlmClient(Options(refusing)))
        {
            var result = await client.CompleteAsync(Ask("hello"));
            Assert.False(result.Succeeded);
            Assert.Contains("refused", result.Failure);
        }
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_and_is_retried()
    {
        int calls = 0;
        await using var server = await LoopbackChatServer.StartAsync(_ =>
            Interlocked.Increment(ref calls) == 1 ? ChatReply.Text("late").WithDelay(TimeSpan.FromSeconds(5)) : ChatReply.Text("prompt"));
        using var client = new SemanticKernelLlmClient(Options(server, timeoutSeconds: 0.5));
        var result = await client.CompleteAsync(Ask("hello"));
        Assert.Equal("prompt", result.Answer!.Text);
        Assert.Equal(2, server.TotalRequests);

        await using var hanging = await LoopbackChatServer.StartAsync(_ => ChatReply.Hang());
        using var hangingClient = new SemanticKernelLlmClient(Options(hanging, retries: 1, timeoutSeconds: 0.3));
        var failed = await hangingClient.CompleteAsync(Ask("hello"));
        Assert.Contains("No answer", failed.Failure);
        Assert.Equal(2, hanging.TotalRequests);
    }

    [Fact]
    public async Task Cancellation_is_the_one_thing_that_throws()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Hang());
        using var client = new SemanticKernelLlmClient(Options(server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CompleteAsync(Ask("hello"), cancel.Token));
    }

    [Fact]
    public async Task No_more_than_the_configured_number_of_requests_are_in_flight()
    {
        await using var server = await LoopbackChatServer.StartAsync(new LatencyResponder(TimeSpan.FromMilliseconds(150)));
        using var client = new SemanticKernelLlmClient(Options(server, concurrency: 4));
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.CompleteAsync(Ask($"q{i}"))));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure));
        Assert.Equal(4, server.MaxInFlight);
        Assert.Equal(16, server.TotalRequests);
    }

    [Fact]
    public async Task Options_are_validated_with_the_offending_key_named()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("x"));
        Assert.Contains("max_concurrency", Assert.Throws<ArgumentException>(() => new SemanticKernelLlmClient(Options(server) with { MaxConcurrency = 0 })).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => new SemanticKernelLlmClient(Options(server) with { Temperature = 3 })).Message);
        Assert.Contains("endpoint", Assert.Throws<ArgumentException>(() => new SemanticKernelLlmClient(Options(server) with { Endpoint = new Uri("ftp://x/") })).Message);
    }

    [Fact]
    public async Task Finish_reasons_are_reported_in_their_wire_form()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("cut off", finishReason: "length"));
        using var client = new SemanticKernelLlmClient(Options(server));
        Assert.Equal("length", (await client.CompleteAsync(Ask("hello"))).Answer!.FinishReason);
        await using var filtered = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("", finishReason: "content_filter"));
        using var filteredClient = new SemanticKernelLlmClient(Options(filtered));
        Assert.Contains("content filter", (await filteredClient.CompleteAsync(Ask("hello"))).Failure);
    }

    [Theory]
    [InlineData(MaxTokensField.Auto, true, false)]
    [InlineData(MaxTokensField.MaxTokens, true, false)]
    [InlineData(MaxTokensField.MaxCompletionTokens, false, true)]
    [InlineData(MaxTokensField.Both, true, true)]
    public async Task The_completion_limit_goes_in_the_field_the_server_reads(MaxTokensField field, bool legacy, bool completion)
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("ok"));
        using var client = new SemanticKernelLlmClient(Options(server) with { MaxTokensField = field });
        Assert.True((await client.CompleteAsync(Ask("hello"))).Succeeded);
        string body = Assert.Single(server.Requests).Body;
        Assert.Equal(legacy, body.Contains("\"max_tokens\":17", StringComparison.Ordinal));
        Assert.Equal(completion, body.Contains("\"max_completion_tokens\":17", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://api.openai.com/v1/", MaxTokensField.MaxCompletionTokens)]
    [InlineData("https://myres.openai.azure.com/openai/v1/", MaxTokensField.MaxCompletionTokens)]
    [InlineData("http://localhost:11434/v1/", MaxTokensField.MaxTokens)]
    [InlineData("http://gpu-box:8000/v1/", MaxTokensField.MaxTokens)]
    public void Auto_resolves_by_host(string endpoint, MaxTokensField expected) =>
        Assert.Equal(expected, MaxTokensFieldHandler.ForHost(new Uri(endpoint)));
}

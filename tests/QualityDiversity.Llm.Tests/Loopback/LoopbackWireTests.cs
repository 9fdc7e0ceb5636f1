using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Loopback;

/// <summary>The loopback server's wire format and mechanics, checked with a plain HttpClient.</summary>
public sealed class LoopbackWireTests : IDisposable
{
    private const string Body = """{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"temperature":0.5,"max_tokens":9,"logprobs":true,"top_logprobs":2,"seed":7}""";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static Uri Chat(LoopbackChatServer server) => new(server.BaseUri, "chat/completions");

    private Task<HttpResponseMessage> PostAsync(LoopbackChatServer server, string body = Body) =>
        _http.PostAsync(Chat(server), new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_completion_has_the_openai_chat_completion_shape()
    {
        var reply = ChatReply.Text("Hé").WithLogprobs(ReplyToken.Of("Hé", -0.5, ("Hé", -0.5), ("Ho", -1.25))).WithUsage(10, 1);
        await using var server = await LoopbackChatServer.StartAsync(_ => reply);

        using var response = await PostAsync(server);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["id", "object", "created", "model", "choices", "usage"], root.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString());
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.InRange(root.GetProperty("created").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.Equal("m", root.GetProperty("model").GetString());

        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray().ToArray());
        Assert.Equal(["index", "message", "logprobs", "finish_reason"], choice.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal("Hé", message.GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());

        var token = Assert.Single(choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToArray());
        Assert.Equal("Hé", token.GetProperty("token").GetString());
        Assert.Equal(-0.5, token.GetProperty("logprob").GetDouble());
        Assert.Equal(new[] { 0x48, 0xC3, 0xA9 }, token.GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
        var alternatives = token.GetProperty("top_logprobs").EnumerateArray().ToArray();
        Assert.Equal(["Hé", "Ho"], alternatives.Select(a => a.GetProperty("token").GetString()));
        Assert.Equal([-0.5, -1.25], alternatives.Select(a => a.GetProperty("logprob").GetDouble()));
        Assert.Equal(2, alternatives[1].GetProperty("bytes").GetArrayLength());

        var usage = root.GetProperty("usage");
        Assert.Equal(10, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(1, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(11, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Without_logprobs_the_field_is_null_and_usage_is_estimated()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("12345678"));

        using var response = await PostAsync(server);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal(2 + 1, usage.GetProperty("prompt_tokens").GetInt32()); // "be brief" and "hi", four characters a token
        Assert.Equal(2, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task The_request_fields_are_read_from_the_body()
    {
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.Echo("> "));

        using var response = await PostAsync(server);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("> hi", text);
        var chat = Assert.Single(server.ChatRequests);
        Assert.Equal("m", chat.Model);
        Assert.Equal([new ChatRequestMessage("system", "be brief"), new ChatRequestMessage("user", "hi")], chat.Messages);
        Assert.Equal(0.5, chat.Temperature);
        Assert.Equal(9, chat.MaxTokens);
        Assert.Equal("max_tokens", chat.MaxTokensField);
        Assert.True(chat.Logprobs);
        Assert.Equal(2, chat.TopLogprobs);
        Assert.Equal(7, chat.Seed);
        Assert.Equal("/v1/chat/completions", chat.Path);
        Assert.Equal(0, chat.Sequence);
        Assert.Equal(Body, chat.Body);
    }

    [Fact]
    public void Array_content_stop_strings_and_max_completion_tokens_are_understood()
    {
        var chat = ChatRequest.Parse("""
            {"model":"m","messages":[{"role":"user","name":"ann","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"b"}]},{"role":"assistant","content":null}],
             "max_tokens":3,"max_completion_tokens":5,"stop":"###","n":2}
            """);

        Assert.Equal([new ChatRequestMessage("user", "ab", "ann"), new ChatRequestMessage("assistant", "")], chat.Messages);
        Assert.Equal(5, chat.MaxTokens);
        Assert.Equal("max_completion_tokens", chat.MaxTokensField);
        Assert.Equal(["###"], chat.Stop);
        Assert.Equal(2, chat.N);
        Assert.Null(chat.Temperature);
        Assert.Equal("ab", chat.LastUserMessage);
    }

    [Fact]
    public async Task A_status_reply_sends_its_code_an_error_object_and_Retry_After_in_whole_seconds()
    {
        var script = new ScriptedResponder(
            ChatReply.TooManyRequests(TimeSpan.FromSeconds(1.5)),
            ChatReply.Status(503, "overloaded"));
        await using var server = await LoopbackChatServer.StartAsync(script);

        using var limited = await PostAsync(server);
        using var overloaded = await PostAsync(server);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        using var error = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, overloaded.StatusCode);
        Assert.Null(overloaded.Headers.RetryAfter);
        Assert.Equal("overloaded", await overloaded.Content.ReadAsStringAsync());
        Assert.Equal(0, script.Remaining);
    }

    [Fact]
    public async Task A_malformed_reply_is_a_200_with_the_raw_body()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Malformed("{\"choices\": [tru"));

        using var response = await PostAsync(server);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"choices\": [tru", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scripted_replies_are_served_in_order_and_then_a_500_says_the_script_ran_out()
    {
        var script = new ScriptedResponder(ChatReply.Text("one"), ChatReply.Text("two"));
        await using var server = await LoopbackChatServer.StartAsync(script);

        var first = await (await PostAsync(server)).Content.ReadAsStringAsync();
        var second = await (await PostAsync(server)).Content.ReadAsStringAsync();
        using var third = await PostAsync(server);

        Assert.Contains("\"one\"", first);
        Assert.Contains("\"two\"", second);
        Assert.Equal(HttpStatusCode.InternalServerError, third.StatusCode);
        Assert.Contains("no reply for call 2", await third.Content.ReadAsStringAsync());
        Assert.Equal(3, script.Calls);
    }

    [Fact]
    public async Task A_scripted_function_sees_the_request_and_the_call_number()
    {
        await using var server = await LoopbackChatServer.StartAsync(new ScriptedResponder((request, call) => ChatReply.Text($"{call}:{request.LastUserMessage}")));

        var first = await (await PostAsync(server)).Content.ReadAsStringAsync();
        var second = await (await PostAsync(server)).Content.ReadAsStringAsync();

        Assert.Contains("\"0:hi\"", first);
        Assert.Contains("\"1:hi\"", second);
    }

    [Fact]
    public async Task Other_paths_methods_and_bodies_get_openai_style_errors_and_are_recorded()
    {
        var responder = new ScriptedResponder(_ => ChatReply.Text("never"));
        await using var server = await LoopbackChatServer.StartAsync(responder);

        using var wrongPath = await _http.PostAsync(new Uri(server.BaseUri, "completions"), new StringContent("{}"));
        using var wrongMethod = await _http.GetAsync(Chat(server));
        using var notJson = await PostAsync(server, "[1, 2");
        using var streaming = await PostAsync(server, """{"model":"m","messages":[],"stream":true}""");

        Assert.Equal(HttpStatusCode.NotFound, wrongPath.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, streaming.StatusCode);
        using var error = JsonDocument.Parse(await streaming.Content.ReadAsStringAsync());
        Assert.Contains("does not stream", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, responder.Calls);
        Assert.Equal(4, server.TotalRequests);
        Assert.Equal(["/v1/completions", "/v1/chat/completions", "/v1/chat/completions", "/v1/chat/completions"], server.Requests.Select(r => r.Path));
        Assert.Equal(["POST", "GET", "POST", "POST"], server.Requests.Select(r => r.Method));
        Assert.Equal([0, 1, 2, 3], server.Requests.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_chunked_request_body_is_read()
    {
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.Echo());
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Chat(server)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal("chunked", recorded.Header("transfer-encoding"));
        Assert.Equal(Body, recorded.Body);
    }

    [Fact]
    public async Task A_throwing_responder_gives_a_500_naming_the_exception()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _) => throw new InvalidOperationException("scripted failure"));

        using var response = await PostAsync(server);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("InvalidOperationException: scripted failure", await response.Content.ReadAsStringAsync());
        Assert.IsType<InvalidOperationException>(Assert.Single(server.ResponderErrors));
    }

    [Fact]
    public async Task The_default_latency_delays_every_reply_that_has_none_of_its_own()
    {
        var script = new ScriptedResponder(ChatReply.Text("slow"), ChatReply.Text("fast").WithDelay(TimeSpan.Zero));
        await using var server = await LoopbackChatServer.StartAsync(script, new LoopbackOptions { DefaultLatency = TimeSpan.FromMilliseconds(300) });

        var clock = Stopwatch.StartNew();
        using var slow = await PostAsync(server);
        var slowTime = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(slowTime >= TimeSpan.FromMilliseconds(250), $"The reply came after {slowTime.TotalMilliseconds} ms.");
        using var fast = await PostAsync(server);
        Assert.Contains("fast", await fast.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forty_requests_are_in_flight_at_once_each_on_its_own_task()
    {
        const int Count = 40;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int arrived = 0;
        // Every request waits until all have arrived (or gives up after a while): a server that handled
        // requests one at a time would never get past the first.
        await using var server = await LoopbackChatServer.StartAsync(async (request, cancel) =>
        {
            if (Interlocked.Increment(ref arrived) == Count) allArrived.TrySetResult();
            await Task.WhenAny(allArrived.Task, Task.Delay(TimeSpan.FromSeconds(20), cancel));
            return ChatReply.Text(request.LastUserMessage);
        });

        var replies = await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            using var response = await PostAsync(server, $$"""{"model":"m","messages":[{"role":"user","content":"n{{i}}"}]}""");
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.True(allArrived.Task.IsCompleted);
        Assert.Equal(Count, server.MaxInFlight);
        Assert.Equal(Count, server.TotalRequests);
        Assert.Equal(0, server.InFlight);
        Assert.All(Enumerable.Range(0, Count), i => Assert.Contains($"\"n{i}\"", replies[i]));
    }

    [Fact]
    public async Task A_hanging_request_leaves_the_in_flight_count_when_the_client_gives_up()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Hang());
        using var cancel = new CancellationTokenSource();

        var call = _http.PostAsync(Chat(server), new StringContent(Body), cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.InFlight == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, server.InFlight);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        while (server.InFlight > 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(0, server.InFlight);
        Assert.Equal(1, server.MaxInFlight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_gets_a_413_and_is_not_recorded(bool chunked)
    {
        var responder = new ScriptedResponder(_ => ChatReply.Text("never"));
        await using var server = await LoopbackChatServer.StartAsync(responder, new LoopbackOptions { MaxRequestBodyBytes = Body.Length - 1 });
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!chunked) content.Headers.ContentLength = Encoding.UTF8.GetByteCount(Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, Chat(server)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("too large", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, server.TotalRequests);
        Assert.Empty(server.Requests);
        Assert.Equal(0, responder.Calls);
        Assert.Equal(0, server.InFlight);
    }

    [Fact]
    public async Task A_client_that_waits_for_100_continue_gets_its_body_read()
    {
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.Echo("> "));
        using var request = new HttpRequestMessage(HttpMethod.Post, Chat(server)) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("> hi", await response.Content.ReadAsStringAsync());
        var recorded = Assert.Single(server.Requests);
        Assert.Equal("100-continue", recorded.Header("Expect"));
        Assert.Equal(Body, recorded.Body);
    }

    [Fact]
    public async Task Every_answer_names_the_loopback_server_and_keeps_the_connection_open()
    {
        await using var server = await LoopbackChatServer.StartAsync(new ScriptedResponder(ChatReply.Text("one"), ChatReply.ServerError()));

        using var ok = await PostAsync(server);
        using var failed = await PostAsync(server);

        Assert.Equal(["qd-loopback"], ok.Headers.Server.Select(s => s.Product?.Name));
        Assert.Equal(["qd-loopback"], failed.Headers.Server.Select(s => s.Product?.Name));
        Assert.False(ok.Headers.ConnectionClose ?? false);
        Assert.False(failed.Headers.ConnectionClose ?? false);
    }

    [Fact]
    public async Task Options_and_replies_reject_nonsense()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoopbackChatServer.StartAsync(ChatResponder.Echo(), new LoopbackOptions { MaxLifetime = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatReply.Status(42));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatReply.Text("x").WithDelay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyResponder(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_distribution_becomes_one_token_with_every_option_as_an_alternative()
    {
        var token = ReplyToken.FromDistribution(new Dictionary<string, double> { ["A"] = 0.2, ["B"] = 0.7, ["C"] = 0.1 });

        Assert.Equal("B", token.Token);
        Assert.Equal(Math.Log(0.7), token.Logprob, 12);
        Assert.Equal(["B", "A", "C"], token.TopLogprobs.Select(t => t.Token));
    }
}

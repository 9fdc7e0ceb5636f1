// The endpoint overload of OpenAIChatCompletionService (model, Uri endpoint, apiKey, …, httpClient) is
// marked experimental in Semantic Kernel 1.82.0.
#pragma warning disable SKEXP0010

using System.ClientModel;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Loopback;

/// <summary>
/// Drives the real Semantic Kernel OpenAI connector (SK 1.82.0 over the OpenAI .NET SDK 2.10) against the
/// loopback server and pins down what the connector does with each kind of answer:
/// <list type="bullet">
/// <item>The SDK posts to <c>{endpoint}/chat/completions</c>: with <see cref="LoopbackChatServer.BaseUri"/>
/// (<c>http://127.0.0.1:PORT/v1/</c>) the path is <c>/v1/chat/completions</c>. <c>MaxTokens</c> is sent as
/// <c>max_completion_tokens</c>.</item>
/// <item>Metadata key <c>"Usage"</c> holds an <see cref="ChatTokenUsage"/> (InputTokenCount, OutputTokenCount,
/// TotalTokenCount: int). Key <c>"ContentTokenLogProbabilities"</c> holds a
/// <c>List&lt;OpenAI.Chat.ChatTokenLogProbabilityDetails&gt;</c> (read it as
/// <c>IReadOnlyList&lt;ChatTokenLogProbabilityDetails&gt;</c>): per token <c>Token</c> (string),
/// <c>LogProbability</c> (float), <c>Utf8Bytes</c> (ReadOnlyMemory&lt;byte&gt;?) and <c>TopLogProbabilities</c>
/// (IReadOnlyList&lt;ChatTokenTopLogProbabilityDetails&gt; with the same Token/LogProbability/Utf8Bytes).
/// Key <c>"FinishReason"</c> is a string: the SDK enum's name (<c>"Stop"</c>, <c>"Length"</c>,
/// <c>"ContentFilter"</c>), not the wire value.</item>
/// <item>HTTP errors (429, 500) surface as <see cref="HttpOperationException"/> with <c>StatusCode</c> and
/// <c>ResponseContent</c> set, wrapping <see cref="ClientResultException"/> (<c>Status</c>, raw response with
/// headers). With a custom HttpClient neither SK nor the SDK retries (one server request per call); without
/// one the SDK's default policy sends the request four times.</item>
/// <item>A 200 with invalid JSON surfaces unwrapped as a <see cref="JsonException"/> (concretely the internal
/// <c>System.Text.Json.JsonReaderException</c>).</item>
/// <item>Cancellation surfaces unwrapped as <see cref="TaskCanceledException"/>; an HttpClient.Timeout as a
/// TaskCanceledException whose inner exception is a <see cref="TimeoutException"/>.</item>
/// </list>
/// </summary>
public sealed class LoopbackChatServerTests : IDisposable
{
    private const string Model = "loopback-model";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private OpenAIChatCompletionService Connector(LoopbackChatServer server, HttpClient? http = null) =>
        new(Model, endpoint: server.BaseUri, apiKey: "test", httpClient: http ?? _http);

    private static ChatHistory Conversation()
    {
        var history = new ChatHistory();
        history.AddSystemMessage("You are terse.");
        history.AddUserMessage("Capital of France?");
        return history;
    }

    private static OpenAIPromptExecutionSettings Settings() => new()
    {
        Temperature = 0.25,
        MaxTokens = 7,
        Logprobs = true,
        TopLogprobs = 5,
        Seed = 42,
    };

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }

    [Fact]
    public async Task The_real_connector_gets_the_content_usage_and_log_probabilities_and_the_server_records_what_it_sent()
    {
        var reply = ChatReply.Text("Paris")
            .WithLogprobs(
                ReplyToken.Of("Par", -0.25, ("Par", -0.25), ("Lyon", -1.5), ("Nice", -3.0)),
                ReplyToken.Of("is", -0.125, ("is", -0.125), ("sy", -4.0)))
            .WithUsage(12, 2);
        await using var server = await LoopbackChatServer.StartAsync(_ => reply);

        var results = await Connector(server).GetChatMessageContentsAsync(Conversation(), Settings());

        var message = Assert.Single(results);
        Assert.Equal("Paris", message.Content);
        Assert.Equal(AuthorRole.Assistant, message.Role);

        // What went over the wire.
        var recorded = Assert.Single(server.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/v1/chat/completions", recorded.Path);
        Assert.Equal("Bearer test", recorded.Header("Authorization"));
        Assert.Equal(Model, recorded.Model);
        Assert.Equal([new ChatRequestMessage("system", "You are terse."), new ChatRequestMessage("user", "Capital of France?")], recorded.Messages);
        Assert.Equal(0.25, recorded.Temperature);
        Assert.Equal(7, recorded.MaxTokens);
        Assert.Equal("max_completion_tokens", recorded.Chat!.MaxTokensField);
        Assert.True(recorded.Logprobs);
        Assert.Equal(5, recorded.TopLogprobs);
        Assert.Equal(42, recorded.Seed);
        Assert.False(recorded.Chat.Stream);

        // Usage: metadata "Usage" is OpenAI.Chat.ChatTokenUsage.
        var metadata = message.Metadata!;
        var usage = Assert.IsType<ChatTokenUsage>(metadata["Usage"]);
        Assert.Equal(12, usage.InputTokenCount);
        Assert.Equal(2, usage.OutputTokenCount);
        Assert.Equal(14, usage.TotalTokenCount);

        // Log probabilities: metadata "ContentTokenLogProbabilities" is a List<ChatTokenLogProbabilityDetails>.
        object? logprobValue = metadata["ContentTokenLogProbabilities"];
        Assert.IsType<List<ChatTokenLogProbabilityDetails>>(logprobValue);
        var tokens = Assert.IsAssignableFrom<IReadOnlyList<ChatTokenLogProbabilityDetails>>(logprobValue);
        Assert.Equal(["Par", "is"], tokens.Select(t => t.Token));
        Assert.Equal(-0.25f, tokens[0].LogProbability);
        Assert.Equal("Par"u8.ToArray(), tokens[0].Utf8Bytes!.Value.ToArray());
        Assert.Equal(["Par", "Lyon", "Nice"], tokens[0].TopLogProbabilities.Select(t => t.Token));
        Assert.Equal([-0.25f, -1.5f, -3.0f], tokens[0].TopLogProbabilities.Select(t => t.LogProbability));
        Assert.IsType<ChatTokenTopLogProbabilityDetails>(tokens[0].TopLogProbabilities[1]);
        Assert.Equal(2, tokens[1].TopLogProbabilities.Count);

        // The other keys SK fills from the completion.
        Assert.StartsWith("chatcmpl-loopback", Assert.IsType<string>(metadata["Id"]));
        Assert.Equal("Stop", metadata["FinishReason"]);
        Assert.Null(metadata["Refusal"]);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task Finish_reasons_arrive_as_the_sdk_enum_name_and_without_logprobs_the_key_holds_an_empty_list()
    {
        var script = new ScriptedResponder(ChatReply.Text("Par", "length"), ChatReply.Text("", "content_filter"));
        await using var server = await LoopbackChatServer.StartAsync(script);
        var connector = Connector(server);
        var settings = new OpenAIPromptExecutionSettings { MaxTokens = 1 };

        var cut = Assert.Single(await connector.GetChatMessageContentsAsync(Conversation(), settings));
        var filtered = Assert.Single(await connector.GetChatMessageContentsAsync(Conversation(), settings));

        Assert.Equal("Length", cut.Metadata!["FinishReason"]);
        Assert.Equal("ContentFilter", filtered.Metadata!["FinishReason"]);
        Assert.Null(server.Requests[0].Logprobs);
        // A completion without logprobs still has the key, with no tokens in it.
        var none = cut.Metadata["ContentTokenLogProbabilities"];
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<ChatTokenLogProbabilityDetails>>(none));
    }

    [Fact]
    public async Task A_429_with_Retry_After_surfaces_as_HttpOperationException_and_is_not_retried_with_a_custom_HttpClient()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.TooManyRequests(TimeSpan.FromSeconds(2)));

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Connector(server).GetChatMessageContentsAsync(Conversation(), Settings()));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Contains("rate_limit_exceeded", e.ResponseContent);
        var inner = Assert.IsType<ClientResultException>(e.InnerException);
        Assert.Equal(429, inner.Status);
        Assert.True(inner.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("2", retryAfter);
        // One call, one request: SK switches the SDK's retries off when it is given an HttpClient.
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task A_500_surfaces_as_HttpOperationException_and_is_not_retried_with_a_custom_HttpClient()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.ServerError());

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Connector(server).GetChatMessageContentsAsync(Conversation(), Settings()));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Contains("server_error", e.ResponseContent);
        Assert.Equal(500, Assert.IsType<ClientResultException>(e.InnerException).Status);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task Without_a_custom_HttpClient_the_sdk_retries_a_500_three_times()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Status(500, retryAfter: TimeSpan.Zero));
        var connector = new OpenAIChatCompletionService(Model, endpoint: server.BaseUri, apiKey: "test");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => connector.GetChatMessageContentsAsync(Conversation()));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal(4, server.TotalRequests);
    }

    [Fact]
    public async Task Malformed_json_surfaces_as_an_unwrapped_JsonException()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Malformed("{not json"));

        var e = await Assert.ThrowsAnyAsync<JsonException>(() => Connector(server).GetChatMessageContentsAsync(Conversation(), Settings()));

        Assert.Equal("System.Text.Json.JsonReaderException", e.GetType().FullName);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task A_slow_reply_is_abandoned_when_the_client_cancels_and_the_server_notices_at_once()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Text("late").WithDelay(TimeSpan.FromMinutes(5)));
        using var cancel = new CancellationTokenSource();

        var call = Connector(server).GetChatMessageContentsAsync(Conversation(), Settings(), cancellationToken: cancel.Token);
        Assert.True(await EventuallyAsync(() => server.InFlight == 1));
        cancel.Cancel();

        await Assert.ThrowsAsync<TaskCanceledException>(() => call);
        // The connection was closed by the client, which cancels the server-side wait.
        Assert.True(await EventuallyAsync(() => server.InFlight == 0));
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task A_hanging_reply_ends_in_a_TaskCanceledException_with_an_inner_TimeoutException_when_HttpClient_Timeout_elapses()
    {
        await using var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Hang());
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() => Connector(server, impatient).GetChatMessageContentsAsync(Conversation(), Settings()));

        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.True(await EventuallyAsync(() => server.InFlight == 0));
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task Twenty_concurrent_calls_are_in_flight_together()
    {
        // Each answer waits until all twenty requests of its burst are held by the server, so the
        // test does not depend on how fast a loaded machine gets them out; a server that handled
        // fewer at once would leave the burst waiting until the bound and fail.
        int arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.From(async (request, cancellation) =>
        {
            if (Interlocked.Increment(ref arrived) % 20 == 0) all.TrySetResult();
            await all.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellation);
            return ChatReply.Text("echo: " + request.LastUserMessage);
        }));
        var connector = Connector(server);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
        {
            var history = new ChatHistory();
            history.AddUserMessage($"question {i}");
            return connector.GetChatMessageContentsAsync(history, Settings());
        }));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"echo: question {i}"), answers.Select(a => Assert.Single(a).Content));
        Assert.Equal(20, server.TotalRequests);
        Assert.Equal(20, server.MaxInFlight);
        Assert.True(await EventuallyAsync(() => server.InFlight == 0));
    }

    [Fact]
    public async Task The_server_listens_on_127_0_0_1_only()
    {
        await using var server = await LoopbackChatServer.StartAsync(ChatResponder.Echo());

        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.Equal($"http://127.0.0.1:{server.Port}/v1/", server.BaseUri.ToString());
        Assert.True(server.Port > 0);

        using (var loopback = new TcpClient(AddressFamily.InterNetwork))
            await loopback.ConnectAsync(IPAddress.Loopback, server.Port);

        // Every other address of this machine (and IPv6 loopback) refuses the port.
        var others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && (a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)))
            .ToList();
        if (Socket.OSSupportsIPv6) others.Add(IPAddress.IPv6Loopback);
        foreach (var address in others)
        {
            using var client = new TcpClient(address.AddressFamily);
            var e = await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, server.Port));
            Assert.True(e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.NetworkUnreachable,
                $"{address}: {e.SocketErrorCode}");
        }
    }

    [Fact]
    public async Task After_disposal_connections_are_refused_and_open_requests_are_dropped()
    {
        var server = await LoopbackChatServer.StartAsync(_ => ChatReply.Hang());
        var port = server.Port;
        var hanging = Connector(server).GetChatMessageContentsAsync(Conversation(), Settings());
        Assert.True(await EventuallyAsync(() => server.InFlight == 1));

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.True(server.Stopped.IsCompleted);
        Assert.Equal(0, server.InFlight);
        // The held request is dropped: a transport failure reaches the caller as an HttpOperationException
        // without a status, wrapping ClientResultException (Status 0) wrapping the HttpRequestException.
        var dropped = await Assert.ThrowsAsync<HttpOperationException>(() => hanging);
        Assert.Null(dropped.StatusCode);
        var transport = Assert.IsType<ClientResultException>(dropped.InnerException);
        Assert.Equal(0, transport.Status);
        Assert.IsType<HttpRequestException>(transport.InnerException);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        var refused = await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await server.DisposeAsync(); // a second disposal is harmless
    }

    [Fact]
    public async Task The_server_stops_by_itself_when_its_lifetime_runs_out()
    {
        var server = await LoopbackChatServer.StartAsync(ChatResponder.Echo(), new LoopbackOptions { MaxLifetime = TimeSpan.FromMilliseconds(300) });
        var answer = Assert.Single(await Connector(server).GetChatMessageContentsAsync(Conversation()));
        Assert.Equal("Capital of France?", answer.Content);

        await server.Stopped.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(server.IsRunning);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        var refused = await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, server.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await server.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QualityDiversity.Testing;

/// <summary>
/// A local HTTP/1.1 server that speaks the OpenAI chat-completions wire format, so that tests and
/// benchmarks can drive the real Semantic Kernel OpenAI connector (and the OpenAI SDK under it)
/// against scripted answers. It listens on 127.0.0.1 only, on a port the OS picks, answers every
/// request on its own task (no serialisation: as many requests are in flight as clients send),
/// records every request, and stops when disposed or at the latest after
/// <see cref="LoopbackOptions.MaxLifetime"/>.
/// </summary>
/// <remarks>
/// A minimal Kestrel app whose only handler is <see cref="LoopbackRequestHandler"/>. The client
/// closing the connection cancels the responder's token and the request leaves
/// <see cref="InFlight"/> at once. POST <c>…/chat/completions</c> goes to
/// <see cref="ChatResponder.RespondAsync"/> and POST <c>…/completions</c> (the legacy route for
/// base models, with <c>echo</c> and prompt log-probabilities as vLLM serves them) to
/// <see cref="ChatResponder.RespondToCompletionAsync"/>; other paths get a 404, other methods a
/// 405, bodies that are not a JSON object and streaming requests a 400.
/// </remarks>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _requestsGate = new();
    private readonly ConcurrentQueue<Exception> _responderErrors = new();
    private int _stopState;
    private int _sequence = -1;
    private int _inFlight;
    private int _maxInFlight;
    private long _completionIds;

    private LoopbackChatServer(WebApplication app, ChatResponder responder, LoopbackOptions options)
    {
        _app = app;
        Responder = responder;
        Options = options;
    }

    /// <summary>Starts a server that answers with <paramref name="responder"/>.</summary>
    /// <exception cref="IOException">No loopback port could be bound.</exception>
    public static async Task<LoopbackChatServer> StartAsync(ChatResponder responder, LoopbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        options ??= new LoopbackOptions();
        options.Validate();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<IHostLifetime, LoopbackHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = LoopbackOptions.MaxHeadBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = LoopbackOptions.MaxHeadBytes;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var server = new LoopbackChatServer(app, responder, options);
        app.Run(new LoopbackRequestHandler(server).HandleAsync);
        await app.StartAsync().ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.EndPoint = new IPEndPoint(IPAddress.Loopback, new Uri(address).Port);
        server.BaseUri = new Uri($"http://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}/v1/");
        server.StartedAt = DateTimeOffset.UtcNow;
        var lifetime = options.MaxLifetime < LongestDelay ? options.MaxLifetime : LongestDelay;
        _ = Task.Delay(lifetime, server._stopping.Token).ContinueWith(
            static (delay, state) => { if (delay.IsCompletedSuccessfully) _ = ((LoopbackChatServer)state!).StopAsync(); },
            server, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return server;
    }

    /// <summary>Starts a server that answers with <paramref name="respond"/>.</summary>
    public static Task<LoopbackChatServer> StartAsync(Func<ChatRequest, CancellationToken, Task<ChatReply>> respond, LoopbackOptions? options = null) =>
        StartAsync(ChatResponder.From(respond), options);

    /// <summary>Starts a server that answers with the synchronous <paramref name="respond"/>.</summary>
    public static Task<LoopbackChatServer> StartAsync(Func<ChatRequest, ChatReply> respond, LoopbackOptions? options = null) =>
        StartAsync(ChatResponder.From(respond), options);

    /// <summary>
    /// The OpenAI-style base address, <c>http://127.0.0.1:PORT/v1/</c>: give it as the connector's endpoint
    /// (the OpenAI SDK posts to <c>{endpoint}/chat/completions</c>). Any path ending in
    /// <c>/chat/completions</c> is served, so a base without <c>/v1</c> works as well.
    /// </summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The bound address: 127.0.0.1 and the port.</summary>
    public IPEndPoint EndPoint { get; private set; } = null!;

    /// <summary>The bound port.</summary>
    public int Port => EndPoint.Port;

    /// <summary>The options in use.</summary>
    public LoopbackOptions Options { get; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Whether the server still accepts connections.</summary>
    public bool IsRunning => Volatile.Read(ref _stopState) == 0;

    /// <summary>Completes once the server has stopped (disposed, or its lifetime ran out).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requestsGate) return _requests.ToArray(); }
    }

    /// <summary>The chat requests received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ChatRequest> ChatRequests => Requests.Where(r => r.Chat is not null).Select(r => r.Chat!).ToArray();

    /// <summary>The completions-route requests received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<CompletionRequest> CompletionRequests => Requests.Where(r => r.Completion is not null).Select(r => r.Completion!).ToArray();

    /// <summary>How many requests have arrived (head and body read), whatever their path.</summary>
    public int TotalRequests => Volatile.Read(ref _sequence) + 1;

    /// <summary>How many requests are being handled right now: from the request head arriving until the answer is about to be written (or the connection drops).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The largest <see cref="InFlight"/> seen since start (or since <see cref="ResetMaxInFlight"/>).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Exceptions the responder threw (each answered with a 500).</summary>
    public IReadOnlyList<Exception> ResponderErrors => _responderErrors.ToArray();

    internal ChatResponder Responder { get; }

    /// <summary>Cancelled when the server starts stopping: every request still open is dropped.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Starts a new peak measurement from the current <see cref="InFlight"/>.</summary>
    public void ResetMaxInFlight() => Volatile.Write(ref _maxInFlight, InFlight);

    /// <summary>
    /// Cancels the responders' tokens (every open request's connection is dropped), stops listening
    /// (new connections are refused) and waits (up to five seconds) for the requests to end. Safe
    /// to call repeatedly.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopState, 1) == 1)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }
        try
        {
            _stopping.Cancel();
            using var patience = new CancellationTokenSource(StopWait);
            try { await _app.StopAsync(patience.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { /* a stuck responder is abandoned */ }
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    internal void EnterRequest()
    {
        int now = Interlocked.Increment(ref _inFlight);
        int peak = Volatile.Read(ref _maxInFlight);
        while (now > peak)
        {
            int seen = Interlocked.CompareExchange(ref _maxInFlight, now, peak);
            if (seen == peak) break;
            peak = seen;
        }
    }

    internal void ExitRequest() => Interlocked.Decrement(ref _inFlight);

    internal void AddResponderError(Exception e) => _responderErrors.Enqueue(e);

    internal string NextCompletionId(bool chat = true) =>
        (chat ? "chatcmpl-loopback" : "cmpl-loopback") + Interlocked.Increment(ref _completionIds).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The next request's 0-based arrival number.</summary>
    internal int NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Record(RecordedRequest request)
    {
        lock (_requestsGate) _requests.Add(request);
    }
}

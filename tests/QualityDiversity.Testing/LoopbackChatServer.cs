using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

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
/// Built on <see cref="TcpListener"/> with a minimal HTTP/1.1 reader rather than HttpListener, which
/// cannot bind port 0 and never tells the handler that the client went away, so a hanging or slow
/// answer could not be cancelled by a client that gives up. Here the client closing the connection
/// cancels the responder's token and the request leaves <see cref="InFlight"/> at once.
/// POST <c>…/chat/completions</c> goes to <see cref="ChatResponder.RespondAsync"/> and POST
/// <c>…/completions</c> (the legacy route for base models, with <c>echo</c> and prompt
/// log-probabilities as vLLM serves them) to <see cref="ChatResponder.RespondToCompletionAsync"/>;
/// other paths get a 404, other methods a 405, bodies that are not a JSON object and streaming
/// requests a 400.
/// </remarks>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private const string ChatPath = "/chat/completions";
    private const string CompletionsPath = "/completions";
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<LoopbackConnection, Task> _connections = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _requestsGate = new();
    private readonly ConcurrentQueue<Exception> _responderErrors = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopState;
    private int _sequence = -1;
    private int _inFlight;
    private int _maxInFlight;
    private long _completionIds;

    private LoopbackChatServer(TcpListener listener, ChatResponder responder, LoopbackOptions options)
    {
        _listener = listener;
        Responder = responder;
        Options = options;
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
        BaseUri = new Uri($"http://127.0.0.1:{EndPoint.Port.ToString(CultureInfo.InvariantCulture)}/v1/");
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Starts a server that answers with <paramref name="responder"/>.</summary>
    /// <exception cref="SocketException">No loopback port could be bound.</exception>
    public static Task<LoopbackChatServer> StartAsync(ChatResponder responder, LoopbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        options ??= new LoopbackOptions();
        options.Validate();

        TcpListener? listener = null;
        for (int attempt = 0; listener is null; attempt++)
        {
            var candidate = new TcpListener(IPAddress.Loopback, 0);
            try
            {
                candidate.Start(backlog: 1024);
                listener = candidate;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                candidate.Stop();
            }
        }

        var server = new LoopbackChatServer(listener, responder, options);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        var lifetime = options.MaxLifetime < LongestDelay ? options.MaxLifetime : LongestDelay;
        _ = Task.Delay(lifetime, server._stopping.Token).ContinueWith(
            static (delay, state) => { if (delay.IsCompletedSuccessfully) _ = ((LoopbackChatServer)state!).StopAsync(); },
            server, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.FromResult(server);
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
    public Uri BaseUri { get; }

    /// <summary>The bound address: 127.0.0.1 and the port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The bound port.</summary>
    public int Port => EndPoint.Port;

    /// <summary>The options in use.</summary>
    public LoopbackOptions Options { get; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; }

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

    /// <summary>Starts a new peak measurement from the current <see cref="InFlight"/>.</summary>
    public void ResetMaxInFlight() => Volatile.Write(ref _maxInFlight, InFlight);

    /// <summary>
    /// Stops listening (new connections are refused), cancels the responders' tokens, closes every
    /// connection and waits (up to five seconds) for the request tasks to end. Safe to call repeatedly.
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
            _listener.Stop();
            try { await _acceptLoop.ConfigureAwait(false); }
            catch (Exception) { /* the loop only ends by stopping */ }
            foreach (var connection in _connections.Keys) connection.Abort();
            try { await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
            catch (Exception) { /* connection tasks swallow their own errors; a stuck responder is abandoned */ }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // a connection reset before it was accepted
            }
            socket.NoDelay = true;
            var connection = new LoopbackConnection(this, socket, token);
            var task = Task.Run(connection.RunAsync, CancellationToken.None);
            _connections[connection] = task;
            _ = task.ContinueWith(
                (_, state) => _connections.TryRemove((LoopbackConnection)state!, out Task? _),
                connection, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

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

    /// <summary>Records a request and reads it as a chat or completions request; otherwise says which error reply it gets.</summary>
    internal (ChatRequest? Chat, CompletionRequest? Completion, ChatReply? Problem) Record(HttpRequestHead head, string body)
    {
        string path = head.Path;
        ChatRequest? chat = null;
        CompletionRequest? completion = null;
        ChatReply? problem = null;
        int sequence = Interlocked.Increment(ref _sequence);
        bool isChat = path.EndsWith(ChatPath, StringComparison.Ordinal), isCompletion = !isChat && path.EndsWith(CompletionsPath, StringComparison.Ordinal);
        if (!isChat && !isCompletion)
        {
            problem = ChatReply.Status(404, Error($"The loopback server serves only POST …{ChatPath} and …{CompletionsPath}, not '{path}'."));
        }
        else if (head.Method != "POST")
        {
            problem = ChatReply.Status(405, Error($"Use POST for {(isChat ? ChatPath : CompletionsPath)}, not {head.Method}."));
        }
        else
        {
            try
            {
                bool stream;
                if (isChat)
                {
                    chat = ChatRequest.Parse(body, path, head.Headers, sequence);
                    stream = chat.Stream;
                }
                else
                {
                    completion = CompletionRequest.Parse(body, path, head.Headers, sequence);
                    stream = completion.Stream;
                }
                if (stream) problem = ChatReply.Status(400, Error("The loopback server does not stream; send stream=false."));
            }
            catch (JsonException e)
            {
                problem = ChatReply.Status(400, Error($"The request body is not a JSON object: {e.Message}"));
            }
        }

        var recorded = new RecordedRequest
        {
            Sequence = sequence,
            Time = DateTimeOffset.UtcNow,
            Method = head.Method,
            Path = path,
            Headers = head.Headers,
            Body = body,
            Chat = chat,
            Completion = completion,
        };
        lock (_requestsGate) _requests.Add(recorded);
        return (chat, completion, problem);
    }

    private static string Error(string message) => Encoding.UTF8.GetString(ChatCompletionJson.Error(message, "invalid_request_error"));
}

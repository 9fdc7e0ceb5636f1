using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace QualityDiversity.Testing;

/// <summary>
/// One accepted TCP connection of a <see cref="LoopbackChatServer"/>: a minimal HTTP/1.1 server loop
/// (Content-Length and chunked bodies, keep-alive, Expect: 100-continue) that answers requests one
/// after the other, as HTTP/1.1 clients send them. While a request is being answered the
/// connection keeps reading, so a client that closes it (for instance on cancellation) is noticed
/// at once and the responder's token is cancelled.
/// </summary>
internal sealed class LoopbackConnection
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly LoopbackChatServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _closed;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;
    private Task<int>? _pendingRead;
    private int _aborted;

    public LoopbackConnection(LoopbackChatServer server, Socket socket, CancellationToken serverStopping)
    {
        _server = server;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _closed = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
    }

    /// <summary>Serves requests until the client closes the connection, asks to close it, or the server stops.</summary>
    public async Task RunAsync()
    {
        var token = _closed.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                HttpRequestHead? head;
                try
                {
                    head = await ReadHeadAsync().ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    await TryWriteAsync(Response(400, ChatCompletionJson.Error(e.Message, "invalid_request_error"), keepAlive: false, null), token).ConfigureAwait(false);
                    break;
                }
                if (head is null) break;
                if (!await HandleAsync(head, token).ConfigureAwait(false)) break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            // The client went away, the server is stopping, or the request was broken: drop the connection.
        }
        finally
        {
            Abort();
        }
    }

    /// <summary>Closes the socket (pending reads and writes fail) and cancels the current request.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        TryCancel();
        _stream.Dispose();
        _closed.Dispose();
    }

    private async Task<bool> HandleAsync(HttpRequestHead head, CancellationToken token)
    {
        _server.EnterRequest();
        bool counted = true;
        try
        {
            bool keepAlive = head.KeepAlive;
            long? length = null;
            if (!head.Chunked && head.Header("Content-Length") is { } lengthText)
            {
                if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
                    throw new InvalidDataException($"Invalid Content-Length '{lengthText}'.");
                length = parsed;
            }
            if (length > _server.Options.MaxRequestBodyBytes)
            {
                await _stream.WriteAsync(Response(413, ChatCompletionJson.Error("The request body is too large for the loopback server.", "invalid_request_error"), keepAlive: false, null), token).ConfigureAwait(false);
                return false;
            }
            if (head.ExpectsContinue) await _stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), token).ConfigureAwait(false);

            byte[] body = head.Chunked ? await ReadChunkedAsync().ConfigureAwait(false) : await ReadExactAsync((int)(length ?? 0)).ConfigureAwait(false);
            var (chat, completion, problem) = _server.Record(head, Encoding.UTF8.GetString(body));
            WatchForDisconnect();

            ChatReply reply;
            if (problem is not null)
            {
                reply = problem;
            }
            else
            {
                try
                {
                    reply = await (chat is not null ? _server.Responder.RespondAsync(chat, token) : _server.Responder.RespondToCompletionAsync(completion!, token)).ConfigureAwait(false)
                        ?? throw new InvalidOperationException("The responder returned no reply (null).");
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    _server.AddResponderError(e);
                    reply = ChatReply.Status(500, Encoding.UTF8.GetString(ChatCompletionJson.Error($"The loopback responder threw {e.GetType().Name}: {e.Message}", "server_error")));
                }
                var delay = reply.Delay ?? _server.Options.DefaultLatency;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, token).ConfigureAwait(false);
            }

            byte[] response;
            switch (reply.Kind)
            {
                case ChatReplyKind.Hang:
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                    return false;
                case ChatReplyKind.Completion when completion is not null:
                    response = CompletionResponse(reply, completion, keepAlive);
                    break;
                case ChatReplyKind.Completion:
                    response = Response(200, ChatCompletionJson.Completion(reply, chat!, _server.NextCompletionId(), DateTimeOffset.UtcNow), keepAlive, null);
                    break;
                case ChatReplyKind.Malformed:
                    response = Response(200, Encoding.UTF8.GetBytes(reply.Body ?? ""), keepAlive, null);
                    break;
                default:
                    var errorBody = reply.Body is null ? ChatCompletionJson.DefaultErrorFor(reply.StatusCode) : Encoding.UTF8.GetBytes(reply.Body);
                    response = Response(reply.StatusCode, errorBody, keepAlive, reply.RetryAfter);
                    break;
            }
            // The request stops counting as in flight before its answer leaves, so a client holding the
            // answer never sees its own request counted.
            counted = false;
            _server.ExitRequest();
            await _stream.WriteAsync(response, token).ConfigureAwait(false);
            return keepAlive;
        }
        finally
        {
            if (counted) _server.ExitRequest();
        }
    }

    // A text_completion, or a 500 naming the problem when the responder's echo does not spell the prompt.
    private byte[] CompletionResponse(ChatReply reply, CompletionRequest request, bool keepAlive)
    {
        try
        {
            return Response(200, CompletionJson.Completion(reply, request, _server.NextCompletionId(chat: false), DateTimeOffset.UtcNow), keepAlive, null);
        }
        catch (InvalidOperationException e)
        {
            _server.AddResponderError(e);
            return Response(500, ChatCompletionJson.Error($"The loopback responder's reply is inconsistent: {e.Message}", "server_error"), keepAlive, null);
        }
    }

    private static byte[] Response(int status, byte[] body, bool keepAlive, TimeSpan? retryAfter)
    {
        var head = new StringBuilder(256);
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {HttpReasonPhrase.Of(status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:r}\r\n");
        head.Append("Server: qd-loopback\r\n");
        head.Append("Content-Type: application/json\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        head.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        if (retryAfter is { } wait)
            head.Append(CultureInfo.InvariantCulture, $"Retry-After: {Math.Max(0L, (long)Math.Ceiling(wait.TotalSeconds))}\r\n");
        head.Append("\r\n");
        int headLength = Encoding.ASCII.GetByteCount(head.ToString());
        var bytes = new byte[headLength + body.Length];
        Encoding.ASCII.GetBytes(head.ToString(), bytes);
        body.CopyTo(bytes, headLength);
        return bytes;
    }

    private async Task TryWriteAsync(byte[] bytes, CancellationToken token)
    {
        try { await _stream.WriteAsync(bytes, token).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException) { }
    }

    /// <summary>Reads up to the blank line after the headers; null when the client closed the connection between requests.</summary>
    private async Task<HttpRequestHead?> ReadHeadAsync()
    {
        while (true)
        {
            // Stray line breaks between requests are allowed (RFC 9112 §2.2).
            while (_end - _start >= 2 && _buffer[_start] == '\r' && _buffer[_start + 1] == '\n') _start += 2;
            int at = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd);
            if (at >= 0)
            {
                string text = Encoding.Latin1.GetString(_buffer, _start, at);
                _start += at + HeadEnd.Length;
                return HttpRequestHead.Parse(text);
            }
            if (_end - _start > MaxHeadBytes) throw new InvalidDataException("The request head is too large.");
            if (await FillAsync().ConfigureAwait(false) == 0)
            {
                if (_end == _start) return null;
                throw new IOException("The connection closed in the middle of a request head.");
            }
        }
    }

    private async Task<byte[]> ReadExactAsync(int count)
    {
        while (_end - _start < count)
            if (await FillAsync().ConfigureAwait(false) == 0) throw new IOException("The connection closed in the middle of a request body.");
        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            int at = _buffer.AsSpan(_start, _end - _start).IndexOf(LineEnd);
            if (at >= 0)
            {
                string line = Encoding.Latin1.GetString(_buffer, _start, at);
                _start += at + LineEnd.Length;
                return line;
            }
            if (_end - _start > MaxHeadBytes) throw new InvalidDataException("A chunk line is too long.");
            if (await FillAsync().ConfigureAwait(false) == 0) throw new IOException("The connection closed in the middle of a chunked body.");
        }
    }

    private async Task<byte[]> ReadChunkedAsync()
    {
        using var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync().ConfigureAwait(false);
            int semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            string sizeText = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
                throw new InvalidDataException($"Invalid chunk size '{sizeLine}'.");
            if (size == 0)
            {
                while ((await ReadLineAsync().ConfigureAwait(false)).Length > 0) { } // trailers
                return body.ToArray();
            }
            if (body.Length + size > _server.Options.MaxRequestBodyBytes) throw new InvalidDataException("The request body is too large.");
            body.Write(await ReadExactAsync(size).ConfigureAwait(false));
            if ((await ReadLineAsync().ConfigureAwait(false)).Length != 0) throw new InvalidDataException("A chunk is longer than its size.");
        }
    }

    /// <summary>Reads more bytes into the buffer (taking over a read the disconnect watch started); 0 at end of stream.</summary>
    private async Task<int> FillAsync()
    {
        var read = _pendingRead ?? StartRead();
        _pendingRead = null;
        int n = await read.ConfigureAwait(false);
        _end += n;
        return n;
    }

    private Task<int> StartRead()
    {
        if (_start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        return _stream.ReadAsync(_buffer.AsMemory(_end)).AsTask();
    }

    /// <summary>
    /// Starts the next read now, while the request is answered: it completes with 0 or an error when
    /// the client closes the connection, which cancels the request. Its data, if any, is used later.
    /// </summary>
    private void WatchForDisconnect()
    {
        if (_pendingRead is not null || _end > _start) return;
        _pendingRead = StartRead();
        _pendingRead.ContinueWith(
            static (read, state) =>
            {
                if (read.IsFaulted || read.IsCanceled || read.Result == 0) ((LoopbackConnection)state!).TryCancel();
                _ = read.Exception; // observed
            },
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void TryCancel()
    {
        try { _closed.Cancel(); }
        catch (ObjectDisposedException) { }
        catch (AggregateException) { }
    }
}

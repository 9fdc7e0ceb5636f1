using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QualityDiversity.Testing;

/// <summary>
/// The one request handler of a <see cref="LoopbackChatServer"/>: records the request, reads it as
/// a chat or completions request (or picks the error status it gets), asks the responder, waits the
/// reply's delay and sends the reply. A request whose client goes away, or that is still open when
/// the server stops, is dropped without an answer.
/// </summary>
internal sealed class LoopbackRequestHandler(LoopbackChatServer server)
{
    private const string ChatPath = "/chat/completions";
    private const string CompletionsPath = "/completions";

    public async Task HandleAsync(HttpContext context)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
        var token = open.Token;
        server.EnterRequest();
        bool counted = true;
        try
        {
            string body;
            try
            {
                body = await ReadBodyAsync(context.Request, token).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's limits and framing: a body over LoopbackOptions.MaxRequestBodyBytes gets a 413.
                string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large for the loopback server." : e.Message;
                await SendAsync(context.Response, e.StatusCode, ChatCompletionJson.Error(message, "invalid_request_error"), null, token).ConfigureAwait(false);
                return;
            }

            var (chat, completion, problem) = Record(context.Request, body);
            ChatReply reply = problem ?? await RespondAsync(chat, completion, token).ConfigureAwait(false);
            if (problem is null && (reply.Delay ?? server.Options.DefaultLatency) is var delay && delay > TimeSpan.Zero)
                await Task.Delay(delay, token).ConfigureAwait(false);
            if (reply.Kind == ChatReplyKind.Hang) await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);

            var (status, json, retryAfter) = Render(reply, chat, completion);
            // The request stops counting as in flight before its answer leaves, so a client holding the
            // answer never sees its own request counted.
            counted = false;
            server.ExitRequest();
            await SendAsync(context.Response, status, json, retryAfter, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping: drop the connection.
            context.Abort();
        }
        finally
        {
            if (counted) server.ExitRequest();
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken token)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, token).ConfigureAwait(false);
        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>Records a request and reads it as a chat or completions request; otherwise says which error reply it gets.</summary>
    private (ChatRequest? Chat, CompletionRequest? Completion, ChatReply? Problem) Record(HttpRequest request, string body)
    {
        string method = request.Method, path = request.Path.Value ?? "/";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers) headers[name] = string.Join(", ", values.ToArray());
        int sequence = server.NextSequence();

        ChatRequest? chat = null;
        CompletionRequest? completion = null;
        ChatReply? problem = null;
        bool isChat = path.EndsWith(ChatPath, StringComparison.Ordinal), isCompletion = !isChat && path.EndsWith(CompletionsPath, StringComparison.Ordinal);
        if (!isChat && !isCompletion)
        {
            problem = ChatReply.Status(404, Error($"The loopback server serves only POST …{ChatPath} and …{CompletionsPath}, not '{path}'."));
        }
        else if (!HttpMethods.IsPost(method))
        {
            problem = ChatReply.Status(405, Error($"Use POST for {(isChat ? ChatPath : CompletionsPath)}, not {method}."));
        }
        else
        {
            try
            {
                bool stream;
                if (isChat)
                {
                    chat = ChatRequest.Parse(body, path, headers, sequence);
                    stream = chat.Stream;
                }
                else
                {
                    completion = CompletionRequest.Parse(body, path, headers, sequence);
                    stream = completion.Stream;
                }
                if (stream) problem = ChatReply.Status(400, Error("The loopback server does not stream; send stream=false."));
            }
            catch (JsonException e)
            {
                problem = ChatReply.Status(400, Error($"The request body is not a JSON object: {e.Message}"));
            }
        }

        server.Record(new RecordedRequest
        {
            Sequence = sequence,
            Time = DateTimeOffset.UtcNow,
            Method = method,
            Path = path,
            Headers = headers,
            Body = body,
            Chat = chat,
            Completion = completion,
        });
        return (chat, completion, problem);
    }

    /// <summary>The responder's reply; a responder that throws (or returns null) gets a 500 naming the problem.</summary>
    private async Task<ChatReply> RespondAsync(ChatRequest? chat, CompletionRequest? completion, CancellationToken token)
    {
        try
        {
            var respond = chat is not null ? server.Responder.RespondAsync(chat, token) : server.Responder.RespondToCompletionAsync(completion!, token);
            return await respond.ConfigureAwait(false) ?? throw new InvalidOperationException("The responder returned no reply (null).");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            server.AddResponderError(e);
            return ChatReply.Status(500, Error($"The loopback responder threw {e.GetType().Name}: {e.Message}", "server_error"));
        }
    }

    /// <summary>The status, JSON body and Retry-After that <paramref name="reply"/> sends.</summary>
    private (int Status, byte[] Body, TimeSpan? RetryAfter) Render(ChatReply reply, ChatRequest? chat, CompletionRequest? completion)
    {
        switch (reply.Kind)
        {
            case ChatReplyKind.Completion when completion is not null:
                try
                {
                    return (200, CompletionJson.Completion(reply, completion, server.NextCompletionId(chat: false), DateTimeOffset.UtcNow), null);
                }
                catch (InvalidOperationException e)
                {
                    // The responder's echo does not spell the prompt.
                    server.AddResponderError(e);
                    return (500, ChatCompletionJson.Error($"The loopback responder's reply is inconsistent: {e.Message}", "server_error"), null);
                }
            case ChatReplyKind.Completion:
                return (200, ChatCompletionJson.Completion(reply, chat!, server.NextCompletionId(), DateTimeOffset.UtcNow), null);
            case ChatReplyKind.Malformed:
                return (200, Encoding.UTF8.GetBytes(reply.Body ?? ""), null);
            default:
                var errorBody = reply.Body is null ? ChatCompletionJson.DefaultErrorFor(reply.StatusCode) : Encoding.UTF8.GetBytes(reply.Body);
                return (reply.StatusCode, errorBody, reply.RetryAfter);
        }
    }

    private static async Task SendAsync(HttpResponse response, int status, byte[] body, TimeSpan? retryAfter, CancellationToken token)
    {
        response.StatusCode = status;
        response.Headers.Server = "qd-loopback";
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(0L, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // HTTP forbids a body on these statuses (Kestrel refuses to write one).
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified) return;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, token).ConfigureAwait(false);
    }

    private static string Error(string message, string type = "invalid_request_error") => Encoding.UTF8.GetString(ChatCompletionJson.Error(message, type));
}

namespace QualityDiversity.Testing;

/// <summary>
/// Decides the <see cref="ChatReply"/> for each chat-completions request (and each request to the
/// legacy completions route). Called concurrently, once per request, on the request's own task.
/// The token is cancelled when the client disconnects or the server stops. An exception becomes a
/// 500 whose error message names it (and is kept in <see cref="LoopbackChatServer.ResponderErrors"/>).
/// </summary>
public abstract class ChatResponder
{
    /// <summary>The reply for <paramref name="request"/>.</summary>
    public abstract Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The reply for a request to <c>/completions</c>. By default a 404, as a server without that
    /// route answers; responders that serve base models override it.
    /// </summary>
    public virtual Task<ChatReply> RespondToCompletionAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ChatReply.Status(404, System.Text.Encoding.UTF8.GetString(ChatCompletionJson.Error("This loopback responder serves /chat/completions only.", "invalid_request_error"))));

    /// <summary>A responder that answers chat requests with <paramref name="chat"/> and completions requests with <paramref name="completions"/>.</summary>
    public static ChatResponder From(Func<ChatRequest, ChatReply> chat, Func<CompletionRequest, ChatReply> completions)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(completions);
        return new DelegateResponder((request, _) => Task.FromResult(chat(request)), (request, _) => Task.FromResult(completions(request)));
    }

    /// <summary>A responder that runs <paramref name="respond"/>.</summary>
    public static ChatResponder From(Func<ChatRequest, CancellationToken, Task<ChatReply>> respond) => new DelegateResponder(respond);

    /// <summary>A responder that runs the synchronous <paramref name="respond"/>.</summary>
    public static ChatResponder From(Func<ChatRequest, ChatReply> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return new DelegateResponder((request, _) => Task.FromResult(respond(request)));
    }

    /// <summary>A responder that always sends <paramref name="reply"/>.</summary>
    public static ChatResponder Always(ChatReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new DelegateResponder((_, _) => Task.FromResult(reply));
    }

    /// <summary>A responder that answers with the last user message prefixed by <paramref name="prefix"/>.</summary>
    public static ChatResponder Echo(string prefix = "") => From(request => ChatReply.Text(prefix + request.LastUserMessage));

    /// <summary>Wraps a function as a responder.</summary>
    public static implicit operator ChatResponder(Func<ChatRequest, CancellationToken, Task<ChatReply>> respond) => From(respond);

    /// <summary>Wraps a synchronous function as a responder.</summary>
    public static implicit operator ChatResponder(Func<ChatRequest, ChatReply> respond) => From(respond);
}

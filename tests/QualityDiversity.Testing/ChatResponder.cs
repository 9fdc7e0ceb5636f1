namespace QualityDiversity.Testing;

/// <summary>
/// Decides the <see cref="ChatReply"/> for each chat-completions request. Called concurrently, once per
/// request, on the request's own task. The token is cancelled when the client disconnects or the
/// server stops. An exception becomes a 500 whose error message names it (and is kept in
/// <see cref="LoopbackChatServer.ResponderErrors"/>).
/// </summary>
public abstract class ChatResponder
{
    /// <summary>The reply for <paramref name="request"/>.</summary>
    public abstract Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken);

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

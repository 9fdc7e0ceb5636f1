namespace QualityDiversity.Testing;

/// <summary>
/// Serves replies in call order: either from a list (one per call, in arrival order at the server),
/// or from a function of the request and the 0-based call number. When the list runs out,
/// <see cref="WhenExhausted"/> is sent (default: a 500 that says so).
/// </summary>
public sealed class ScriptedResponder : ChatResponder
{
    private readonly Queue<ChatReply> _queue = new();
    private readonly Func<ChatRequest, int, ChatReply>? _script;
    private readonly Lock _gate = new();
    private int _calls;

    /// <summary>Serves <paramref name="replies"/> one per call, in order.</summary>
    public ScriptedResponder(params IEnumerable<ChatReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies) _queue.Enqueue(reply ?? throw new ArgumentException("A scripted reply is null.", nameof(replies)));
    }

    /// <summary>Serves <paramref name="script"/>(request, call number) for every call.</summary>
    public ScriptedResponder(Func<ChatRequest, int, ChatReply> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _script = script;
    }

    /// <summary>Serves <paramref name="script"/>(request) for every call.</summary>
    public ScriptedResponder(Func<ChatRequest, ChatReply> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _script = (request, _) => script(request);
    }

    /// <summary>Sent once the list is used up; null sends a 500 naming the call.</summary>
    public ChatReply? WhenExhausted { get; init; }

    /// <summary>How many calls have been answered (or started).</summary>
    public int Calls { get { lock (_gate) return _calls; } }

    /// <summary>How many listed replies are still to be served.</summary>
    public int Remaining { get { lock (_gate) return _queue.Count; } }

    /// <summary>Appends replies to the list.</summary>
    public ScriptedResponder Then(params IEnumerable<ChatReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
            foreach (var reply in replies) _queue.Enqueue(reply);
        return this;
    }

    /// <inheritdoc />
    public override Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int call;
        ChatReply? next = null;
        lock (_gate)
        {
            call = _calls++;
            if (_script is null && _queue.Count > 0) next = _queue.Dequeue();
        }
        if (_script is not null) return Task.FromResult(_script(request, call));
        return Task.FromResult(next ?? WhenExhausted ?? ChatReply.Status(500,
            System.Text.Encoding.UTF8.GetString(ChatCompletionJson.Error($"ScriptedResponder has no reply for call {call}.", "server_error"))));
    }
}

namespace QualityDiversity.Testing;

/// <summary>
/// Waits a fixed <see cref="Latency"/> (without blocking a thread) and then answers with a function of
/// the request: a stand-in for a model server of known speed in throughput benchmarks.
/// </summary>
public sealed class LatencyResponder : ChatResponder
{
    private readonly Func<ChatRequest, ChatReply> _reply;

    /// <summary>Answers <paramref name="reply"/>(request) after <paramref name="latency"/>.</summary>
    public LatencyResponder(TimeSpan latency, Func<ChatRequest, ChatReply> reply)
    {
        if (latency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(latency), latency, "The latency cannot be negative.");
        ArgumentNullException.ThrowIfNull(reply);
        Latency = latency;
        _reply = reply;
    }

    /// <summary>Answers "ok" after <paramref name="latency"/>.</summary>
    public LatencyResponder(TimeSpan latency) : this(latency, _ => ChatReply.Text("ok")) { }

    /// <summary>The wait before every answer.</summary>
    public TimeSpan Latency { get; }

    /// <inheritdoc />
    public override async Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
        return _reply(request);
    }
}

namespace QualityDiversity.Testing;

internal sealed class DelegateResponder : ChatResponder
{
    private readonly Func<ChatRequest, CancellationToken, Task<ChatReply>> _respond;

    public DelegateResponder(Func<ChatRequest, CancellationToken, Task<ChatReply>> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        _respond = respond;
    }

    public override Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken) => _respond(request, cancellationToken);
}

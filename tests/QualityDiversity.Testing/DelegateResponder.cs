namespace QualityDiversity.Testing;

internal sealed class DelegateResponder : ChatResponder
{
    private readonly Func<ChatRequest, CancellationToken, Task<ChatReply>> _respond;
    private readonly Func<CompletionRequest, CancellationToken, Task<ChatReply>>? _complete;

    public DelegateResponder(Func<ChatRequest, CancellationToken, Task<ChatReply>> respond, Func<CompletionRequest, CancellationToken, Task<ChatReply>>? complete = null)
    {
        ArgumentNullException.ThrowIfNull(respond);
        _respond = respond;
        _complete = complete;
    }

    public override Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken) => _respond(request, cancellationToken);

    public override Task<ChatReply> RespondToCompletionAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        _complete is null ? base.RespondToCompletionAsync(request, cancellationToken) : _complete(request, cancellationToken);
}

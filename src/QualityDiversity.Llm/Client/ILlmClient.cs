namespace QualityDiversity.Llm.Client;

/// <summary>
/// Asks a chat model. Implementations never throw for failed calls (HTTP errors after retries,
/// timeouts, malformed responses): they return <see cref="LlmResult.Failed(string)"/> so a search can
/// record the failure and go on. Cancellation is the only exception.
/// </summary>
public interface ILlmClient
{
    /// <summary>The model answering.</summary>
    string Model { get; }

    /// <summary>Call counts and token usage so far.</summary>
    LlmUsage Usage { get; }

    /// <summary>Sends one request.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default);
}

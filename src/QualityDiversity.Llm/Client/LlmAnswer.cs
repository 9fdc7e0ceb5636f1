namespace QualityDiversity.Llm.Client;

/// <summary>A model's answer to one request.</summary>
public sealed record LlmAnswer
{
    /// <summary>The generated text.</summary>
    public required string Text { get; init; }

    /// <summary>Per-token log-probabilities; empty when the endpoint returned none.</summary>
    public IReadOnlyList<TokenLogprob> Logprobs { get; init; } = [];

    /// <summary>Why generation stopped ("stop", "length", "content_filter"…), when reported.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Prompt tokens billed.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Completion tokens billed.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>
    /// For a scored continuation (<see cref="LlmRequest.Continuation"/>): the natural-log
    /// probability of the continuation after the prompt, summed over the tokens that cover it;
    /// null for other requests.
    /// </summary>
    public double? ContinuationLogprob { get; init; }

    /// <summary>Whether the answer came from the cache (no call was paid for it).</summary>
    public bool FromCache { get; init; }
}

namespace QualityDiversity.Llm.Client;

/// <summary>
/// Which JSON field carries the completion limit. The OpenAI SDK sends
/// <c>max_completion_tokens</c>, which OpenAI requires for its reasoning models, but Ollama and
/// LM Studio read only <c>max_tokens</c> and would silently generate without a limit.
/// </summary>
public enum MaxTokensField
{
    /// <summary><c>max_completion_tokens</c> for OpenAI and Azure OpenAI hosts, <c>max_tokens</c> for every other server.</summary>
    Auto,

    /// <summary>Only <c>max_completion_tokens</c> (what the SDK sends).</summary>
    MaxCompletionTokens,

    /// <summary>Only <c>max_tokens</c> (local servers).</summary>
    MaxTokens,

    /// <summary>Both fields with the same value.</summary>
    Both,
}

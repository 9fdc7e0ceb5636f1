using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>The one way judges ask: a whole prompt, as a single user message (chat route) or as raw text (completions route).</summary>
internal static class JudgeCall
{
    /// <summary>Asks <paramref name="client"/> to answer <paramref name="prompt"/> (deterministically unless a temperature is given).</summary>
    public static Task<LlmResult> AskAsync(ILlmClient client, string purpose, LlmApi api, string prompt, int maxTokens,
        CancellationToken cancellationToken, int? topLogprobs = null, double temperature = 0, double? topP = null) =>
        client.CompleteAsync(new LlmRequest
        {
            Messages = api == LlmApi.Chat ? [ChatTurn.User(prompt)] : [],
            Prompt = api == LlmApi.Completions ? prompt : null,
            Temperature = temperature,
            TopP = topP,
            MaxTokens = maxTokens,
            Logprobs = topLogprobs is not null,
            TopLogprobs = topLogprobs ?? 5,
            Purpose = purpose,
        }, cancellationToken);

    /// <summary>Asks the three-block judging prompt of <paramref name="instruction"/> and <paramref name="input"/> as a chat message.</summary>
    public static Task<LlmResult> AskAsync(ILlmClient client, string purpose, string instruction, string input, int maxTokens,
        CancellationToken cancellationToken, int? topLogprobs = null) =>
        AskAsync(client, purpose, LlmApi.Chat, JudgePrompt.Render(instruction, input), maxTokens, cancellationToken, topLogprobs);

    /// <summary>The log-probability of <paramref name="continuation"/> after <paramref name="prompt"/> (completions route, echo).</summary>
    public static Task<LlmResult> ScoreAsync(ILlmClient client, string purpose, string prompt, string continuation, CancellationToken cancellationToken) =>
        client.CompleteAsync(new LlmRequest
        {
            Prompt = prompt,
            Continuation = continuation,
            Temperature = 0,
            Purpose = purpose,
        }, cancellationToken);
}

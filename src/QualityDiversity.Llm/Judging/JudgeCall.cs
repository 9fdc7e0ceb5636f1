using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>The one way judges ask: the three-block judging prompt as a single user message, at temperature 0.</summary>
internal static class JudgeCall
{
    /// <summary>Asks <paramref name="client"/> to judge <paramref name="input"/> by <paramref name="instruction"/>.</summary>
    public static Task<LlmResult> AskAsync(ILlmClient client, string purpose, string instruction, string input, int maxTokens,
        CancellationToken cancellationToken, int? topLogprobs = null) =>
        client.CompleteAsync(new LlmRequest
        {
            Messages = [ChatTurn.User(JudgePrompt.Render(instruction, input))],
            Temperature = 0,
            MaxTokens = maxTokens,
            Logprobs = topLogprobs is not null,
            TopLogprobs = topLogprobs ?? 5,
            Purpose = purpose,
        }, cancellationToken);
}

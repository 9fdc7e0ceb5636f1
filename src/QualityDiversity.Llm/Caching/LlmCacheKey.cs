using System.Security.Cryptography;
using System.Text.Json;
using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Caching;

/// <summary>
/// The cache key of a request: a SHA-256 of a canonical JSON rendering of the model, the route,
/// the messages or prompt (and scored continuation), every sampling parameter and the call tag.
/// Any change in what would be sent (or in which sample is meant) gives another key, so a chat
/// answer is never replayed for a completion or a scored continuation. Chat requests without
/// nucleus sampling render exactly as before the completions route existed, so caches written
/// then still serve them.
/// </summary>
public static class LlmCacheKey
{
    /// <summary>The key of <paramref name="request"/> sent to <paramref name="model"/> with the given defaults resolved.</summary>
    public static string Of(string model, LlmRequest request, double temperature, int maxTokens)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            if (request.Api == LlmApi.Completions)
            {
                json.WriteString("api", request.Continuation is null ? "completions" : "completions_score");
                json.WriteString("prompt", request.Prompt);
                if (request.Continuation is { } continuation) json.WriteString("continuation", continuation);
            }
            json.WriteStartArray("messages");
            foreach (var m in request.Messages)
            {
                json.WriteStartArray();
                json.WriteStringValue(m.Role);
                json.WriteStringValue(m.Content);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteNumber("temperature", temperature);
            json.WriteNumber("max_tokens", maxTokens);
            json.WriteBoolean("logprobs", request.Logprobs);
            if (request.Logprobs) json.WriteNumber("top_logprobs", request.TopLogprobs);
            json.WriteStartArray("stop");
            foreach (var s in request.Stop) json.WriteStringValue(s);
            json.WriteEndArray();
            if (request.TopP is { } topP) json.WriteNumber("top_p", topP);
            if (request.Seed is { } seed) json.WriteNumber("seed", seed);
            if (request.CallTag is { } tag) json.WriteString("tag", tag);
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QualityDiversity.Testing;

/// <summary>Writes the OpenAI <c>text_completion</c> JSON body of the legacy completions route.</summary>
internal static class CompletionJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="InvalidOperationException">The reply's echo tokens do not spell the prompt.</exception>
    public static byte[] Completion(ChatReply reply, CompletionRequest request, string id, DateTimeOffset created)
    {
        var echo = request.Echo ? reply.EchoTokens : null;
        if (echo is not null && string.Concat(echo.Select(t => t.Token)) != request.Prompt)
            throw new InvalidOperationException("The reply's echo tokens do not concatenate to the prompt.");
        string content = reply.Content ?? "";
        string text = (request.Echo ? request.Prompt : "") + content;
        var tokens = new List<(ReplyToken Token, bool First)>();
        if (echo is not null) tokens.AddRange(echo.Select((t, i) => (t, i == 0)));
        if (reply.Logprobs is { } generated) tokens.AddRange(generated.Select(t => (t, false)));
        bool withLogprobs = request.Logprobs is not null && tokens.Count > 0;
        int alternatives = Math.Max(1, request.Logprobs ?? 1);

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "text_completion");
            json.WriteNumber("created", created.ToUnixTimeSeconds());
            json.WriteString("model", reply.Model ?? request.Model ?? "loopback");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteString("text", text);
            if (withLogprobs)
            {
                json.WriteStartObject("logprobs");
                json.WriteStartArray("tokens");
                foreach (var (t, _) in tokens) json.WriteStringValue(t.Token);
                json.WriteEndArray();
                json.WriteStartArray("token_logprobs");
                foreach (var (t, first) in tokens)
                    if (first) json.WriteNullValue(); else json.WriteNumberValue(t.Logprob);
                json.WriteEndArray();
                json.WriteStartArray("top_logprobs");
                foreach (var (t, first) in tokens)
                {
                    if (first)
                    {
                        json.WriteNullValue();
                        continue;
                    }
                    json.WriteStartObject();
                    var top = t.TopLogprobs.Count > 0 ? t.TopLogprobs : [new ReplyAlternative(t.Token, t.Logprob)];
                    foreach (var alt in top.Take(alternatives)) json.WriteNumber(alt.Token, alt.Logprob);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("text_offset");
                int offset = 0;
                foreach (var (t, _) in tokens)
                {
                    json.WriteNumberValue(offset);
                    offset += t.Token.Length;
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("logprobs");
            }
            json.WriteString("finish_reason", reply.FinishReason);
            json.WriteEndObject();
            json.WriteEndArray();

            int prompt = reply.PromptTokens ?? Math.Max(1, (request.Prompt.Length + 3) / 4);
            int completion = reply.CompletionTokens ?? reply.Logprobs?.Count ?? (content.Length + 3) / 4;
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", prompt);
            json.WriteNumber("completion_tokens", completion);
            json.WriteNumber("total_tokens", prompt + completion);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

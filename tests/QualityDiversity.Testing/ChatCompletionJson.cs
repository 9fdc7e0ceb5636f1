using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QualityDiversity.Testing;

/// <summary>Writes the OpenAI <c>chat.completion</c> and error JSON bodies.</summary>
internal static class ChatCompletionJson
{
    // Like the real API: text is sent as UTF-8, with only what JSON requires escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Completion(ChatReply reply, ChatRequest request, string id, DateTimeOffset created)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "chat.completion");
            json.WriteNumber("created", created.ToUnixTimeSeconds());
            json.WriteString("model", reply.Model ?? request.Model ?? "loopback");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            WriteNullableString(json, "content", reply.Content);
            WriteNullableString(json, "refusal", reply.Refusal);
            json.WriteEndObject();
            if (reply.Logprobs is { } tokens)
            {
                json.WriteStartObject("logprobs");
                json.WriteStartArray("content");
                foreach (var token in tokens)
                {
                    json.WriteStartObject();
                    WriteToken(json, token.Token, token.Logprob);
                    json.WriteStartArray("top_logprobs");
                    foreach (var alternative in token.TopLogprobs)
                    {
                        json.WriteStartObject();
                        WriteToken(json, alternative.Token, alternative.Logprob);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNull("refusal");
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("logprobs");
            }
            json.WriteString("finish_reason", reply.FinishReason);
            json.WriteEndObject();
            json.WriteEndArray();

            int prompt = reply.PromptTokens ?? request.Messages.Sum(m => Estimate(m.Content));
            int completion = reply.CompletionTokens ?? reply.Logprobs?.Count ?? Estimate(reply.Content ?? reply.Refusal ?? "");
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", prompt);
            json.WriteNumber("completion_tokens", completion);
            json.WriteNumber("total_tokens", prompt + completion);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(string message, string type, string? code = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            json.WriteNull("param");
            WriteNullableString(json, "code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] DefaultErrorFor(int status) => status switch
    {
        429 => Error("Rate limit reached (loopback test server).", "requests", "rate_limit_exceeded"),
        400 => Error("Bad request (loopback test server).", "invalid_request_error"),
        401 => Error("Incorrect API key provided (loopback test server).", "invalid_request_error", "invalid_api_key"),
        404 => Error("Not found (loopback test server).", "invalid_request_error"),
        >= 500 => Error("The server had an error while processing your request (loopback test server).", "server_error"),
        _ => Error($"HTTP {status} (loopback test server).", "invalid_request_error"),
    };

    private static void WriteToken(Utf8JsonWriter json, string token, double logprob)
    {
        json.WriteString("token", token);
        json.WriteNumber("logprob", logprob);
        json.WriteStartArray("bytes");
        foreach (byte b in Encoding.UTF8.GetBytes(token)) json.WriteNumberValue(b);
        json.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static int Estimate(string text) => text.Length == 0 ? 0 : (text.Length + 3) / 4;
}
